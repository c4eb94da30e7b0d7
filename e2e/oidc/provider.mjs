// e2e/oidc/provider.mjs — a real OpenID provider for the tests: the OpenID-certified npm package
// `oidc-provider` on a loopback port, with test users and groups. Nothing of OIDC is written here;
// this file only configures the provider and adds a loopback-only control API the tests use to
// act on it as an operator or an attacker would:
//   POST /_test/rotate?alg=RS256|ES256   rotate the signing key (new key first, old one still
//                                        published), as a provider does in production
//   POST /_test/tamper?mode=...          the next token response's id_token is replaced by a
//                                        crafted one (a man-in-the-middle on the token
//                                        response): expired | wrong_audience | unknown_key |
//                                        alg_none | hs256_public_key
// Settings (env): OIDC_PROVIDER_PORT, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_REDIRECT_URI,
// OIDC_POST_LOGOUT_REDIRECT_URI.
import http from "node:http";
import crypto from "node:crypto";
import Provider from "oidc-provider";

const port = Number(process.env.OIDC_PROVIDER_PORT ?? 23400);
const issuer = `http://127.0.0.1:${port}`;
const clientId = process.env.OIDC_CLIENT_ID ?? "copilot";
const clientSecret = process.env.OIDC_CLIENT_SECRET ?? "copilot-test-secret-0123456789abcdef";
const redirectUris = (process.env.OIDC_REDIRECT_URI ?? "http://127.0.0.1:3001/auth/callback").split(
  ",",
);
const postLogoutUris = (
  process.env.OIDC_POST_LOGOUT_REDIRECT_URI ?? "http://127.0.0.1:3001/login"
).split(",");

// Test users: the login page of the provider accepts these account ids.
export const users = {
  alice: { name: "Alice Admin", email: "alice@corp.example", groups: ["copilot-admins"] },
  mark: { name: "Mark Manager", email: "mark@corp.example", groups: ["store1-managers"] },
  fiona: { name: "Fiona Finance", email: "fiona@finance.example", groups: [] },
  carl: { name: "Carl Campaigns", email: "carl@corp.example", groups: [], department: "marketing" },
  eve: { name: "Eve Contractor", email: "eve@corp.example", groups: ["contractors"] },
  dora: { name: "Dora Disabled", email: "dora@corp.example", groups: ["store1-managers"] },
};

function newKey(alg) {
  const { privateKey } =
    alg === "ES256"
      ? crypto.generateKeyPairSync("ec", { namedCurve: "P-256" })
      : crypto.generateKeyPairSync("rsa", { modulusLength: 2048 });
  const jwk = privateKey.export({ format: "jwk" });
  return { ...jwk, kid: `${alg.toLowerCase()}-${crypto.randomUUID()}`, alg, use: "sig" };
}

let keys = [newKey("RS256")];
let signingAlg = "RS256";
let tamper = null;

function b64url(input) {
  return Buffer.from(input).toString("base64url");
}
function sign(alg, signingInput, jwk) {
  if (alg === "none") return "";
  if (alg === "HS256")
    return crypto.createHmac("sha256", jwk).update(signingInput).digest("base64url");
  const key = crypto.createPrivateKey({ key: jwk, format: "jwk" });
  const options = alg === "ES256" ? { key, dsaEncoding: "ieee-p1363" } : key;
  return crypto.sign("sha256", Buffer.from(signingInput), options).toString("base64url");
}
function craft(header, payload, secretOrJwk) {
  const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`;
  return `${input}.${sign(header.alg, input, secretOrJwk)}`;
}

// The crafted replacement of a genuine ID token for one tamper mode.
function tampered(idToken, mode) {
  const [h, p] = idToken.split(".");
  const header = JSON.parse(Buffer.from(h, "base64url"));
  const payload = JSON.parse(Buffer.from(p, "base64url"));
  const key = keys.find((k) => k.kid === header.kid);
  const now = Math.floor(Date.now() / 1000);
  switch (mode) {
    case "expired":
      return craft(header, { ...payload, iat: now - 7200, exp: now - 3600 }, key);
    case "wrong_audience":
      return craft(header, { ...payload, aud: "another-client", azp: "another-client" }, key);
    case "unknown_key": {
      const stranger = newKey(header.alg);
      return craft({ ...header, kid: stranger.kid }, payload, stranger);
    }
    case "alg_none":
      return craft({ ...header, alg: "none" }, payload);
    case "hs256_public_key": {
      // The classic confusion: HMAC keyed with the provider's public key, as PEM.
      const pem = crypto
        .createPublicKey({ key, format: "jwk" })
        .export({ type: "spki", format: "pem" });
      return craft({ ...header, alg: "HS256" }, payload, pem);
    }
    default:
      throw new Error(`unknown tamper mode ${mode}`);
  }
}

function makeProvider() {
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: redirectUris,
        post_logout_redirect_uris: postLogoutUris,
        grant_types: ["authorization_code"],
        response_types: ["code"],
        id_token_signed_response_alg: signingAlg,
      },
    ],
    jwks: { keys },
    scopes: ["openid", "email", "profile", "groups"],
    claims: {
      openid: ["sub"],
      email: ["email", "email_verified"],
      profile: ["name", "preferred_username", "department"],
      groups: ["groups"],
    },
    conformIdTokenClaims: false, // the requested claims in the ID token itself
    pkce: { required: () => true },
    features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
    async findAccount(_ctx, id) {
      const user = users[id];
      if (!user) return undefined;
      return {
        accountId: id,
        async claims() {
          return {
            sub: id,
            name: user.name,
            preferred_username: id,
            email: user.email,
            email_verified: true,
            groups: user.groups,
            ...(user.department ? { department: user.department } : {}),
          };
        },
      };
    },
    // First-party client: no consent screen (the grant is made at first sign-in).
    async loadExistingGrant(ctx) {
      const grantId =
        ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      const grant = new ctx.oidc.provider.Grant({
        clientId: ctx.oidc.client.clientId,
        accountId: ctx.oidc.session.accountId,
      });
      grant.addOIDCScope("openid email profile groups");
      await grant.save();
      return grant;
    },
  });
  provider.use(async (ctx, next) => {
    await next();
    if (ctx.path === "/token" && ctx.status === 200 && tamper && ctx.body?.id_token) {
      const mode = tamper;
      tamper = null;
      ctx.body = { ...ctx.body, id_token: tampered(ctx.body.id_token, mode) };
      console.log(JSON.stringify({ event: "tampered", mode }));
    }
  });
  return provider.callback();
}

let handler = makeProvider();

const server = http.createServer((req, res) => {
  const url = new URL(req.url, issuer);
  if (url.pathname.startsWith("/_test/")) {
    const loopback = ["127.0.0.1", "::1", "::ffff:127.0.0.1"].includes(req.socket.remoteAddress);
    if (req.method !== "POST" || !loopback) {
      res.writeHead(403).end();
      return;
    }
    try {
      if (url.pathname === "/_test/rotate") {
        signingAlg = url.searchParams.get("alg") ?? "RS256";
        keys = [newKey(signingAlg), ...keys].slice(0, 3);
        handler = makeProvider();
      } else if (url.pathname === "/_test/tamper") {
        tamper = url.searchParams.get("mode");
        tampered(craft({ alg: "RS256", kid: keys[0].kid }, {}, keys[0]), tamper); // mode known?
      } else {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ kid: keys[0].kid, alg: signingAlg, tamper }));
    } catch (e) {
      res.writeHead(400).end(String(e));
    }
    return;
  }
  handler(req, res);
});
server.listen(port, "127.0.0.1", () => console.log(JSON.stringify({ event: "listening", issuer })));
