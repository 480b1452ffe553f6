import Button from '@material-ui/core/Button';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import statuses from 'statuses';
import { httpStatusOf } from '../MeshStateError/httpStatusOf';

/** `503 Service Unavailable`, or undefined for an error without a status. */
function statusInWords(error: Error): string | undefined {
  const status = httpStatusOf(error);
  if (status === undefined) return undefined;
  const words = statuses.message[status];
  return words ? `${status} ${words}` : String(status);
}

/** The backend's own message, where the error carries its body. */
function backendMessage(error: Error): string {
  const body = (error as { body?: { error?: { message?: unknown } } }).body;
  const message = body?.error?.message;
  return typeof message === 'string' ? message : error.message;
}

/**
 * Why the compliance could not be loaded: the HTTP status in words (so
 * "401 Unauthorized" reads as a sign-in problem, "503 Service
 * Unavailable" as a backend one), the backend's message, and a retry.
 *
 * @internal
 */
export function ComplianceError(props: { error: Error; onRetry(): void }) {
  const { error, onRetry } = props;
  const status = statusInWords(error);
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
      {backendMessage(error)}
    </Alert>
  );
}
