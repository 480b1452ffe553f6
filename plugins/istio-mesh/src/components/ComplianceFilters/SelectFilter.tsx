import { useId } from 'react';
import TextField from '@material-ui/core/TextField';
import { makeStyles } from '@material-ui/core/styles';

const useStyles = makeStyles(theme => ({
  select: { minWidth: theme.spacing(16) },
}));

/**
 * A native select: labelled, keyboard-friendly and easy to drive from a
 * test or a browser. `anyLabel` adds an empty first option.
 *
 * @internal
 */
export function SelectFilter(props: {
  label: string;
  value?: string;
  options: Array<{ value: string; label: string }>;
  anyLabel?: string;
  disabled?: boolean;
  onChange(value: string | undefined): void;
}) {
  const { label, value, options, anyLabel, disabled, onChange } = props;
  const classes = useStyles();
  // Ties the label to the select, for screen readers and tests alike.
  const id = useId();
  return (
    <TextField
      id={id}
      select
      label={label}
      value={value ?? ''}
      disabled={disabled}
      className={classes.select}
      SelectProps={{ native: true }}
      InputLabelProps={{ shrink: true }}
      onChange={event => onChange(event.target.value || undefined)}
    >
      {anyLabel !== undefined && <option value="">{anyLabel}</option>}
      {options.map(option => (
        <option key={option.value} value={option.value}>
          {option.label}
        </option>
      ))}
    </TextField>
  );
}
