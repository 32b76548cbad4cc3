/** What a form's server action answers: shown next to the form, never a stack trace. */
export interface ActionState {
  status: "idle" | "ok" | "error";
  message?: string;
  /** A stable code (AccessError codes), for tests and for the UI to pick a wording. */
  code?: string;
  /** A secret shown once (an API token, an invitation link), with a copy button. */
  secret?: string;
  secretLabel?: string;
}

export const IDLE: ActionState = { status: "idle" };

/** A server action usable with useActionState. */
export type FormAction = (previous: ActionState, form: FormData) => Promise<ActionState>;
