/** One generated form control, its constraints as a hint, and its error right beside it. */
import type { FieldSpec } from './config-fields';

export interface ConfigFieldProps {
  field: FieldSpec;
  text: string;
  error: string | undefined;
  /** The value differs from what main runs with. */
  changed: boolean;
  onChange(text: string): void;
}

function hintOf(field: FieldSpec): string {
  const parts: string[] = [];
  if (field.kind === 'number') {
    if (field.integer) parts.push('integer');
    if (field.min !== null) parts.push(`≥ ${field.min}`);
    if (field.max !== null) parts.push(`≤ ${field.max}`);
  }
  if (field.kind === 'json') parts.push('JSON');
  if (field.optional) parts.push('empty = not set');
  else if (field.nullable) parts.push('empty = none');
  return parts.join(', ');
}

function Control({ field, text, error, onChange }: Omit<ConfigFieldProps, 'changed'>) {
  const common = {
    id: `field-${field.path}`,
    'data-testid': `field-${field.path}`,
    'aria-invalid': error !== undefined,
    'aria-describedby': error !== undefined ? `field-error-${field.path}` : undefined,
  };
  if (field.kind === 'boolean' && !field.optional) {
    return (
      <input
        {...common}
        type="checkbox"
        checked={text === 'true'}
        onChange={(e) => onChange(String(e.target.checked))}
      />
    );
  }
  if (field.kind === 'boolean' || field.kind === 'enum') {
    const choices = field.kind === 'boolean' ? ['true', 'false'] : field.choices;
    return (
      <select {...common} value={text} onChange={(e) => onChange(e.target.value)}>
        {field.optional ? <option value="">(not set)</option> : null}
        {field.nullable ? <option value={field.optional ? 'null' : ''}>(none)</option> : null}
        {choices.map((c) => (
          <option key={c} value={c}>
            {c}
          </option>
        ))}
      </select>
    );
  }
  if (field.kind === 'json' || field.multiline) {
    return (
      <textarea
        {...common}
        className={field.kind === 'json' ? 'mono' : undefined}
        rows={field.kind === 'json' ? Math.min(8, Math.max(2, text.split('\n').length)) : 4}
        spellCheck={false}
        value={text}
        onChange={(e) => onChange(e.target.value)}
      />
    );
  }
  return (
    <input
      {...common}
      type="text"
      inputMode={field.kind === 'number' ? 'decimal' : undefined}
      autoComplete="off"
      spellCheck={false}
      value={text}
      onChange={(e) => onChange(e.target.value)}
    />
  );
}

export function ConfigField(props: ConfigFieldProps) {
  const { field, error, changed } = props;
  const hint = hintOf(field);
  const inline = field.kind === 'boolean' && !field.optional;
  return (
    <div
      className={`config-field${inline ? ' config-field-inline' : ''}${changed ? ' config-field-changed' : ''}`}
      data-testid={`config-field-${field.path}`}
      data-state={error !== undefined ? 'invalid' : changed ? 'changed' : 'unchanged'}
    >
      <label htmlFor={`field-${field.path}`} title={field.description ?? field.path}>
        <span className="config-label mono">{field.label}</span>
        {hint ? <span className="config-hint">{hint}</span> : null}
      </label>
      <Control {...props} />
      {error !== undefined ? (
        <div
          className="field-error"
          id={`field-error-${field.path}`}
          data-testid={`field-error-${field.path}`}
          role="alert"
        >
          {error}
        </div>
      ) : null}
    </div>
  );
}
