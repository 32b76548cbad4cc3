import NextAuth, { type NextAuthConfig } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { z } from "zod";
import { resolveOidcUser } from "./oidc-account.ts";
import { PASSWORD_MAX_LENGTH, verifyPassword } from "./password.ts";
import { authDb, authEnv } from "./runtime.ts";
import { findUserByEmail, findUserIdByIdentity } from "./users.ts";

/** The id of the generic OIDC provider in next-auth's URLs (/api/auth/signin/oidc). */
export const OIDC_PROVIDER_ID = "oidc";

const credentialsSchema = z.object({
  email: z.string().trim().min(3).max(320),
  password: z.string().min(1).max(PASSWORD_MAX_LENGTH),
});

const oidcProfileSchema = z.object({
  sub: z.string().min(1).max(255),
  email: z.string().max(320).optional(),
  email_verified: z.boolean().optional(),
  name: z.string().max(200).optional(),
});

/**
 * next-auth v5 with JWT sessions: the session cookie carries the user id (`sub`), signed and
 * encrypted with AUTH_SECRET; CSRF is next-auth's double-submit cookie on its own POST routes,
 * and Next's Origin check on server actions. The config is built per request (the function form)
 * so the environment is parsed at run time, never at build time.
 */
function config(): NextAuthConfig {
  const env = authEnv();
  const providers: NextAuthConfig["providers"] = [
    Credentials({
      id: "password",
      name: "Email and password",
      credentials: { email: { label: "Email" }, password: { label: "Password", type: "password" } },
      async authorize(raw) {
        const parsed = credentialsSchema.safeParse(raw);
        if (!parsed.success) return null;
        const user = await findUserByEmail(authDb(), parsed.data.email);
        // Always one argon2 verification, account or not (timing oracle; see verifyPassword).
        const ok = await verifyPassword(user?.passwordHash, parsed.data.password);
        return ok && user ? { id: user.id, email: user.email, name: user.name } : null;
      },
    }),
  ];
  if (env.OIDC_ISSUER && env.OIDC_CLIENT_ID && env.OIDC_CLIENT_SECRET) {
    providers.push({
      id: OIDC_PROVIDER_ID,
      name: env.OIDC_NAME ?? "single sign-on",
      type: "oidc",
      issuer: env.OIDC_ISSUER,
      clientId: env.OIDC_CLIENT_ID,
      clientSecret: env.OIDC_CLIENT_SECRET,
      checks: ["pkce", "state"],
    });
  }
  return {
    secret: env.AUTH_SECRET,
    trustHost: true,
    session: { strategy: "jwt", maxAge: 7 * 24 * 60 * 60 },
    pages: { signIn: "/sign-in", error: "/sign-in" },
    // A wrong password is an answer, not a server error: keep it (and its stack) out of the log.
    logger: {
      error(error) {
        // By `type`: class names do not survive minification.
        const type = (error as { type?: string }).type ?? error.name;
        if (type !== "CredentialsSignin") console.error(`[auth] ${type}: ${error.message}`);
      },
    },
    providers,
    callbacks: {
      async signIn({ account, profile }) {
        if (account?.provider !== OIDC_PROVIDER_ID) return true;
        // The ID token's claims: attacker-reachable only through the IdP, still parsed strictly.
        const claims = oidcProfileSchema.safeParse(profile);
        if (!claims.success || !env.OIDC_ISSUER) return "/sign-in?error=oidc-profile";
        const result = await resolveOidcUser(
          authDb(),
          {
            issuer: env.OIDC_ISSUER,
            subject: claims.data.sub,
            email: claims.data.email,
            emailVerified: claims.data.email_verified,
            name: claims.data.name,
          },
          env.MACHINAUT_MODE,
        );
        return result.outcome === "signed-in" ? true : `/sign-in?error=oidc-${result.reason}`;
      },
      async jwt({ token, account }) {
        // next-auth gives an OIDC user a random id; the session carries the linked Machinaut user.
        if (account?.provider === OIDC_PROVIDER_ID && env.OIDC_ISSUER) {
          const userId = await findUserIdByIdentity(authDb(), env.OIDC_ISSUER, account.providerAccountId);
          if (!userId) return null;
          token.sub = userId;
        }
        return token;
      },
      session({ session, token }) {
        if (token.sub) session.user.id = token.sub;
        return session;
      },
    },
  };
}

export const { handlers, auth, signIn, signOut } = NextAuth(() => config());
