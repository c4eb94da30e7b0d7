// The browser's typed client. It calls this app's own /api/* route handlers, which mirror the
// gateway's paths (contracts/openapi.yaml) and add the session cookie on the server side.
import createClient from "openapi-fetch";
import type { ApiError, ErrorBody, paths } from "./types";

export const api = createClient<paths>({ baseUrl: "", credentials: "same-origin" });

/** A failed call, with the gateway's error body (or one made up here when there was none). */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly error: ApiError,
  ) {
    super(error.message);
  }
}

export function isErrorBody(value: unknown): value is ErrorBody {
  if (typeof value !== "object" || value === null || !("error" in value)) return false;
  const error = (value as { error: unknown }).error;
  return (
    typeof error === "object" &&
    error !== null &&
    typeof (error as { code?: unknown }).code === "string" &&
    typeof (error as { message?: unknown }).message === "string"
  );
}

export function toFailure(status: number, body: unknown): ApiFailure {
  if (isErrorBody(body)) return new ApiFailure(status, body.error);
  return new ApiFailure(status, {
    code: status === 401 ? "unauthorized" : status >= 500 ? "upstream_error" : "bad_request",
    message: `The server answered ${status}.`,
    request_id: "",
  });
}

/**
 * Sends the browser to the login page when the session is gone: a full navigation on purpose,
 * so nothing of the old session's client state survives.
 */
export function redirectToLogin(): void {
  // eslint-disable-next-line @next/next/no-location-assign-relative-destination
  window.location.assign("/login?expired=1");
}
