import { unstable_rethrow } from "next/navigation";
import type { ActionState } from "../../ui/action-state.ts";
import { ApiError } from "../http/api-error.ts";
import { AccessError } from "./access-error.ts";

/**
 * Runs a server action's body and turns a refusal into a message with its stable code. Anything
 * else is logged here and answered with one generic line: no stack trace reaches the browser.
 * Next's redirect/notFound signals pass through.
 */
export async function runAction(body: () => Promise<ActionState>): Promise<ActionState> {
  try {
    return await body();
  } catch (error) {
    unstable_rethrow(error);
    if (error instanceof AccessError || error instanceof ApiError) {
      return { status: "error", code: error.code, message: error.message };
    }
    console.error("server action failed", error);
    return { status: "error", code: "internal", message: "Something went wrong; nothing was changed." };
  }
}

/** A text field of a submitted form ("" when absent or a file). */
export function field(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === "string" ? value : "";
}
