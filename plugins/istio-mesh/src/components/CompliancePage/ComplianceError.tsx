import Button from '@material-ui/core/Button';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import { describeError } from './describeError';

/**
 * Why the compliance could not be loaded: the HTTP status in words (so
 * "401 Unauthorized" reads as a sign-in problem, "503 Service
 * Unavailable" as a backend one), the backend's message, and a retry.
 *
 * @internal
 */
export function ComplianceError(props: { error: Error; onRetry(): void }) {
  const { error, onRetry } = props;
  const { status, message } = describeError(error);
  return (
    <Alert
      severity="error"
      action={
        <Button color="inherit" size="small" onClick={onRetry}>
          Retry
        </Button>
      }
    >
      <AlertTitle>
        {status
          ? `Could not load the compliance: ${status}`
          : 'Could not load the compliance'}
      </AlertTitle>
      {message}
    </Alert>
  );
}
