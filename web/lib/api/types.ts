// Named aliases for the generated schema types: the one source is contracts/openapi.yaml.
import type { components, paths } from "./schema";

type Schemas = components["schemas"];

export type { paths };
export type User = Schemas["User"];
export type Role = Schemas["Role"];
export type LoginRequest = Schemas["LoginRequest"];
export type LoginResponse = Schemas["LoginResponse"];
export type AskRequest = Schemas["AskRequest"];
export type AskResult = Schemas["AskResult"];
export type Column = Schemas["Column"];
export type Cell = Schemas["Cell"];
export type Widget = Schemas["Widget"];
export type Clarification = Schemas["Clarification"];
export type Explain = Schemas["Explain"];
export type Security = Schemas["Security"];
export type Timings = Schemas["Timings"];
export type StageEvent = Schemas["StageEvent"];
export type StageName = Schemas["StageName"];
export type Suggestions = Schemas["Suggestions"];
export type Conversation = Schemas["Conversation"];
export type FeedbackRequest = Schemas["FeedbackRequest"];
export type FeedbackCreated = Schemas["FeedbackCreated"];
export type AuditPage = Schemas["AuditPage"];
export type AuditItem = Schemas["AuditItem"];
export type AuditEvent = Schemas["AuditEvent"];
export type ApiError = Schemas["Error"];
export type ErrorBody = Schemas["ErrorBody"];
export type ErrorCode = Schemas["ErrorCode"];
export type Risk = Schemas["Risk"];
export type RiskFactor = Schemas["RiskFactor"];
export type PendingApproval = Schemas["PendingApproval"];
export type Approval = Schemas["Approval"];
export type ApprovalPage = Schemas["ApprovalPage"];
export type ApprovalDecision = Schemas["ApprovalDecision"];
