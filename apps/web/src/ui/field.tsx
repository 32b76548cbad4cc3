import type { InputHTMLAttributes } from "react";

/** A labelled text input; the label is always visible (placeholders are not labels). */
export function Field({
  label,
  name,
  hint,
  ...input
}: { label: string; name: string; hint?: string } & InputHTMLAttributes<HTMLInputElement>) {
  const id = `field-${name}`;
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-sm font-medium text-slate-800">
        {label}
      </label>
      <input
        id={id}
        name={name}
        aria-describedby={hint ? `${id}-hint` : undefined}
        className="min-h-11 rounded-md border border-slate-400 bg-white px-3 text-base text-slate-900 focus-visible:border-indigo-600 focus-visible:outline-2 focus-visible:outline-indigo-600"
        {...input}
      />
      {hint && (
        <p id={`${id}-hint`} className="text-xs text-slate-600">
          {hint}
        </p>
      )}
    </div>
  );
}

/** A labelled select of plain options. */
export function SelectField({
  label,
  name,
  options,
  defaultValue,
  srOnlyLabel = false,
  id,
}: {
  label: string;
  name: string;
  /** Plain values, or values with a label to show. */
  options: readonly (string | { value: string; label: string })[];
  defaultValue?: string;
  srOnlyLabel?: boolean;
  id?: string;
}) {
  const fieldId = id ?? `field-${name}`;
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={fieldId} className={srOnlyLabel ? "sr-only" : "text-sm font-medium text-slate-800"}>
        {label}
      </label>
      <select
        id={fieldId}
        name={name}
        defaultValue={defaultValue}
        className="min-h-11 rounded-md border border-slate-400 bg-white px-3 text-base text-slate-900 focus-visible:outline-2 focus-visible:outline-indigo-600"
      >
        {options.map((option) => {
          const { value, label } = typeof option === "string" ? { value: option, label: option } : option;
          return (
            <option key={value} value={value}>
              {label}
            </option>
          );
        })}
      </select>
    </div>
  );
}
