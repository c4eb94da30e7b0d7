#include "gateway/oidc/http_fetch.hpp"

#include <curl/curl.h>

#include <memory>
#include <mutex>

namespace gateway::oidc {
namespace {

struct CurlDeleter {
  void operator()(CURL* handle) const { curl_easy_cleanup(handle); }
};
using CurlPtr = std::unique_ptr<CURL, CurlDeleter>;

struct SlistDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
using SlistPtr = std::unique_ptr<curl_slist, SlistDeleter>;

struct Sink {
  std::string body;
  size_t max = 0;
  bool overflow = false;
};

size_t write_body(char* data, size_t size, size_t count, void* user) {
  auto* sink = static_cast<Sink*>(user);
  const size_t n = size * count;
  if (sink->body.size() + n > sink->max) {
    sink->overflow = true;
    return 0;  // libcurl stops the transfer
  }
  sink->body.append(data, n);
  return n;
}

void global_init() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

HttpResponse perform(CURL* curl, Sink& sink) {
  HttpResponse out;
  const CURLcode code = curl_easy_perform(curl);
  if (code != CURLE_OK) {
    out.error = sink.overflow ? "response too large" : curl_easy_strerror(code);
    return out;
  }
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &out.status);
  out.body = std::move(sink.body);
  return out;
}

CurlPtr new_handle(const std::string& url, std::chrono::milliseconds timeout, Sink& sink) {
  global_init();
  CurlPtr curl(curl_easy_init());
  if (!curl) return curl;
  curl_easy_setopt(curl.get(), CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl.get(), CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl.get(), CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(curl.get(), CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl.get(), CURLOPT_TIMEOUT_MS, static_cast<long>(timeout.count()));
  curl_easy_setopt(curl.get(), CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(timeout.count()));
  curl_easy_setopt(curl.get(), CURLOPT_WRITEFUNCTION, &write_body);
  curl_easy_setopt(curl.get(), CURLOPT_WRITEDATA, &sink);
  return curl;
}

}  // namespace

std::string form_escape(std::string_view value) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const char ch : value) {
    const auto c = static_cast<unsigned char>(ch);
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '.' || c == '_' || c == '~') {
      out.push_back(ch);
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

CurlFetcher::CurlFetcher(std::chrono::milliseconds timeout, size_t max_body)
    : timeout_(timeout), max_body_(max_body) {}

HttpResponse CurlFetcher::get(const std::string& url) {
  Sink sink{.body = {}, .max = max_body_, .overflow = false};
  const CurlPtr curl = new_handle(url, timeout_, sink);
  if (!curl) return {0, "", "curl_easy_init failed"};
  const SlistPtr headers(curl_slist_append(nullptr, "Accept: application/json"));
  curl_easy_setopt(curl.get(), CURLOPT_HTTPHEADER, headers.get());
  return perform(curl.get(), sink);
}

HttpResponse CurlFetcher::post_form(const std::string& url, const FormFields& fields,
                                    const std::string& client_id,
                                    const std::string& client_secret) {
  Sink sink{.body = {}, .max = max_body_, .overflow = false};
  const CurlPtr curl = new_handle(url, timeout_, sink);
  if (!curl) return {0, "", "curl_easy_init failed"};
  std::string form;
  for (const auto& [name, value] : fields) {
    if (!form.empty()) form.push_back('&');
    form += form_escape(name) + "=" + form_escape(value);
  }
  const SlistPtr headers(curl_slist_append(nullptr, "Accept: application/json"));
  const std::string user = form_escape(client_id);
  const std::string password = form_escape(client_secret);
  curl_easy_setopt(curl.get(), CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(curl.get(), CURLOPT_POSTFIELDS, form.c_str());
  curl_easy_setopt(curl.get(), CURLOPT_POSTFIELDSIZE, static_cast<long>(form.size()));
  curl_easy_setopt(curl.get(), CURLOPT_HTTPAUTH, static_cast<long>(CURLAUTH_BASIC));
  curl_easy_setopt(curl.get(), CURLOPT_USERNAME, user.c_str());
  curl_easy_setopt(curl.get(), CURLOPT_PASSWORD, password.c_str());
  return perform(curl.get(), sink);
}

}  // namespace gateway::oidc
