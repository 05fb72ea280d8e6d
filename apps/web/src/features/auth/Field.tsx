import { theme } from 'antd';
// The two input components themselves, not `Input` from 'antd', whose static members (TextArea,
// Search, OTP) would all be bundled with it.
import Input from 'antd/es/input/Input';
import Password from 'antd/es/input/Password';
import { useId, useState, type FormEvent } from 'react';

/**
 * A labelled input with its error below. The two auth forms have three fields and three rules;
 * Ant Design's Form (field store, async-validator, label tooltips) would add ~15 KB gzip to the
 * first page most visitors see, so they use this instead.
 */
export function Field(props: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string | null;
  type?: 'text' | 'email' | 'password';
  autoComplete?: string;
  maxLength: number;
  testId: string;
}) {
  const { token } = theme.useToken();
  const id = useId();
  const common = {
    id,
    value: props.value,
    onChange: (e: { target: { value: string } }) => props.onChange(e.target.value),
    status: props.error ? ('error' as const) : undefined,
    autoComplete: props.autoComplete,
    maxLength: props.maxLength,
    'data-testid': props.testId,
    'aria-invalid': props.error ? true : undefined,
    'aria-describedby': props.error ? `${id}-error` : undefined,
  };
  return (
    <div style={{ marginBottom: 20 }}>
      <label htmlFor={id} style={{ display: 'block', marginBottom: 6 }}>
        {props.label}
      </label>
      {props.type === 'password' ? <Password {...common} /> : <Input {...common} type={props.type ?? 'text'} />}
      {props.error && (
        <div id={`${id}-error`} role="alert" style={{ color: token.colorError, fontSize: 12, marginTop: 4 }}>
          {props.error}
        </div>
      )}
    </div>
  );
}

type Rules<T> = { [K in keyof T]?: (value: string) => string | null };

/** Form state with per-field rules; errors show after the first submit and update while typing. */
export function useSimpleForm<T extends Record<string, string>>(initial: T, rules: Rules<T>, onValid: (values: T) => void) {
  const [values, setValues] = useState<T>(initial);
  const [submitted, setSubmitted] = useState(false);
  const errorOf = (name: keyof T) => (submitted ? (rules[name]?.(values[name]) ?? null) : null);
  return {
    field: (name: keyof T) => ({
      value: values[name],
      onChange: (value: string) => setValues((v) => ({ ...v, [name]: value })),
      error: errorOf(name),
    }),
    onSubmit: (event: FormEvent) => {
      event.preventDefault();
      setSubmitted(true);
      const invalid = (Object.keys(rules) as (keyof T)[]).some((name) => rules[name]?.(values[name]));
      if (!invalid) onValid(values);
    },
  };
}

export const isEmail = (value: string) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value.trim());
