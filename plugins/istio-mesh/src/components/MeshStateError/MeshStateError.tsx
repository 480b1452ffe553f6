import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import { ResponseErrorPanel } from '@backstage/core-components';
import { httpStatusOf } from './httpStatusOf';

/**
 * Why the mesh state could not be loaded. A 404 means the backend does not
 * know the entity or will not show it to this user; anything else is shown
 * with the server's error details.
 *
 * @internal
 */
export function MeshStateError(props: { error: Error; entityRef: string }) {
  const { error, entityRef } = props;
  if (httpStatusOf(error) === 404) {
    return (
      <Alert severity="warning">
        <AlertTitle>Entity not found</AlertTitle>
        {`The mesh state of ${entityRef} was not found: the entity does not exist or is not visible to you.`}
      </Alert>
    );
  }
  return (
    <ResponseErrorPanel error={error} title="Could not load the mesh state" />
  );
}
