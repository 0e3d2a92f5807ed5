import { useEffect, useId, useState, type InputHTMLAttributes, type ReactNode } from "react";
import { Link } from "react-router";
import type { Problem } from "../api/client";

/** The page's heading, and the tab's title with it. */
export function Title({ children, text }: { children?: ReactNode; text: string }) {
  useEffect(() => {
    document.title = `${text} · Skyport`;
  }, [text]);
  return <h1>{children ?? text}</h1>;
}

/** A problem the API answered that no field owns: what went wrong, in the API's words. */
export function ProblemBanner({ problem }: { problem: Problem | undefined | null }) {
  if (!problem) return null;
  return (
    <div className="problem" role="alert">
      <strong>{problem.title}</strong>
      {problem.detail && <span> {problem.detail}</span>}
    </div>
  );
}

/**
 * A control with its label, hint and error: the error, when the API named this field, is read out with the control
 * and marks it invalid.
 */
function Labelled({ label, hint, error, children }: {
  label: string;
  hint?: ReactNode;
  error?: string | undefined;
  children: (id: string, described: string | undefined) => ReactNode;
}) {
  const id = useId();
  const described = [hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ") || undefined;
  return (
    <div className={error ? "field invalid" : "field"}>
      <label htmlFor={id}>{label}</label>
      {children(id, described)}
      {hint && <small id={`${id}-hint`}>{hint}</small>}
      {error && (
        <small id={`${id}-error`} className="error">
          {error}
        </small>
      )}
    </div>
  );
}

type FieldProps = InputHTMLAttributes<HTMLInputElement> & {
  label: string;
  hint?: ReactNode;
  /** The problem's detail when the API named this field. */
  error?: string | undefined;
};

export function Field({ label, hint, error, ...input }: FieldProps) {
  return (
    <Labelled label={label} hint={hint} error={error}>
      {(id, described) => (
        <input id={id} aria-invalid={error ? true : undefined} aria-describedby={described} {...input} />
      )}
    </Labelled>
  );
}

type SelectProps = {
  label: string;
  value: string;
  options: readonly { value: string; label: string }[];
  onChange: (value: string) => void;
  error?: string | undefined;
  hint?: ReactNode;
};

export function Select({ label, value, options, onChange, error, hint }: SelectProps) {
  return (
    <Labelled label={label} hint={hint} error={error}>
      {(id, described) => (
        <select id={id} value={value} onChange={(event) => onChange(event.target.value)}
                aria-invalid={error ? true : undefined} aria-describedby={described}>
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      )}
    </Labelled>
  );
}

const TONES: Record<string, string> = {
  RUNNING: "ok",
  DELETED: "muted",
  FAILED: "bad",
  REQUESTED: "busy",
  PROVISIONING: "busy",
  UPDATING: "busy",
  UPDATE_FAILED: "bad",
  DELETING: "busy",
  DELETE_FAILED: "bad",
  SUCCEEDED: "ok",
  CANCELLED: "muted",
};

export function Status({ status }: { status: string }) {
  return <span className={`status ${TONES[status] ?? "muted"}`}>{status}</span>;
}

/** A time as the person's locale writes it, with the exact instant on hover. */
export function When({ at }: { at: string | null | undefined }) {
  if (!at) return <span>—</span>;
  const date = new Date(at);
  return <time dateTime={at} title={date.toISOString()}>{date.toLocaleString()}</time>;
}

/** A destructive action behind typing a name: a slip of the mouse deletes nothing. */
export function ConfirmByTyping({
  name,
  action,
  onConfirm,
  busy,
}: {
  name: string;
  action: string;
  onConfirm: () => void;
  busy?: boolean;
}) {
  const [typed, setTyped] = useState("");
  const [open, setOpen] = useState(false);
  if (!open) {
    return (
      <button type="button" className="danger" onClick={() => setOpen(true)}>
        {action}…
      </button>
    );
  }
  return (
    <form
      className="confirm"
      onSubmit={(event) => {
        event.preventDefault();
        if (typed === name) onConfirm();
      }}
    >
      <Field
        label={`Type ${name} to confirm`}
        value={typed}
        onChange={(event) => setTyped(event.target.value)}
        autoFocus
        autoComplete="off"
      />
      <div className="actions">
        <button type="submit" className="danger" disabled={typed !== name || busy}>
          {action}
        </button>
        <button type="button" onClick={() => setOpen(false)}>
          Keep it
        </button>
      </div>
    </form>
  );
}

export function NotFound({ what }: { what: string }) {
  return (
    <section>
      <Title text="Not found" />
      <p>
        There is no such {what}, or it is not yours. <Link to="/clusters">Back to your clusters</Link>
      </p>
    </section>
  );
}

export function Loading() {
  return (
    <p className="loading" role="status">
      Loading…
    </p>
  );
}
