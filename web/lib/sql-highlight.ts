// A small SQL tokenizer for display: keywords, functions, strings, numbers, comments.
export type TokenKind = "keyword" | "function" | "string" | "number" | "comment" | "plain";

export interface Token {
  kind: TokenKind;
  text: string;
}

const KEYWORDS = new Set(
  (
    "select from where group by order having limit offset join left right inner outer full cross " +
    "on as and or not in is null like ilike between case when then else end with distinct asc " +
    "desc union all intersect except over partition filter interval true false nulls first last " +
    "using exists any cast lateral window rows range preceding following current row"
  ).split(" "),
);

const PATTERN =
  /(--[^\n]*|\/\*[\s\S]*?\*\/)|('(?:[^']|'')*')|("(?:[^"]|"")*")|(\b\d+(?:\.\d+)?\b)|([A-Za-z_][A-Za-z0-9_$]*)(?=\s*\()|([A-Za-z_][A-Za-z0-9_$]*)/g;

export function tokenizeSql(sql: string): Token[] {
  const tokens: Token[] = [];
  let last = 0;
  for (const match of sql.matchAll(PATTERN)) {
    const index = match.index;
    if (index > last) tokens.push({ kind: "plain", text: sql.slice(last, index) });
    const [text, comment, string, quoted, number, fn, word] = match;
    let kind: TokenKind = "plain";
    if (comment) kind = "comment";
    else if (string) kind = "string";
    else if (quoted) kind = "plain";
    else if (number) kind = "number";
    else if (fn) kind = KEYWORDS.has(fn.toLowerCase()) ? "keyword" : "function";
    else if (word) kind = KEYWORDS.has(word.toLowerCase()) ? "keyword" : "plain";
    tokens.push({ kind, text });
    last = index + text.length;
  }
  if (last < sql.length) tokens.push({ kind: "plain", text: sql.slice(last) });
  return tokens;
}
