#include "common/roles/roles.hpp"

namespace common {

std::optional<Role> parse_role(std::string_view name) {
  if (name == "admin") return Role::kAdmin;
  if (name == "store_manager") return Role::kStoreManager;
  if (name == "marketing") return Role::kMarketing;
  if (name == "finance") return Role::kFinance;
  return std::nullopt;
}

std::string_view role_name(Role role) {
  switch (role) {
    case Role::kAdmin:
      return "admin";
    case Role::kStoreManager:
      return "store_manager";
    case Role::kMarketing:
      return "marketing";
    case Role::kFinance:
      return "finance";
  }
  return "";
}

std::string_view reader_role(Role role) {
  switch (role) {
    case Role::kAdmin:
      return "reader_admin";
    case Role::kStoreManager:
      return "reader_store_manager";
    case Role::kMarketing:
      return "reader_marketing";
    case Role::kFinance:
      return "reader_finance";
  }
  return "";
}

const std::vector<std::string>& scoped_views(Role role) {
  static const std::vector<std::string> kAll = {"v_payment_scoped", "v_rental_scoped",
                                                "v_customer_masked"};
  static const std::vector<std::string> kMarketing = {"v_rental_scoped", "v_customer_masked"};
  static const std::vector<std::string> kFinance = {"v_payment_scoped"};
  switch (role) {
    case Role::kAdmin:
    case Role::kStoreManager:
      return kAll;
    case Role::kMarketing:
      return kMarketing;
    case Role::kFinance:
      return kFinance;
  }
  return kFinance;
}

const std::vector<std::string>& reference_relations() {
  static const std::vector<std::string> kReference = {
      "film",  "film_category", "category",         "language",
      "actor", "film_actor",    "inventory",        "store",
      "city",  "country",       "v_store_location", "v_data_as_of"};
  return kReference;
}

std::set<std::string> readable_relations(Role role) {
  std::set<std::string> out(reference_relations().begin(), reference_relations().end());
  out.insert(scoped_views(role).begin(), scoped_views(role).end());
  return out;
}

const std::vector<std::string>& masked_fields(Role role) {
  static const std::vector<std::string> kCustomer = {"first_name_masked", "last_name_masked",
                                                     "email_masked"};
  static const std::vector<std::string> kNone;
  return role == Role::kFinance ? kNone : kCustomer;
}

}  // namespace common
