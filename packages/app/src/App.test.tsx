import { render, waitFor } from '@testing-library/react';
import App from './App';

describe('App', () => {
  it('renders the guest sign-in page', async () => {
    process.env = {
      NODE_ENV: 'test',
      APP_CONFIG: [
        {
          data: {
            app: { title: 'Istio Mesh' },
            backend: { baseUrl: 'http://localhost:7007' },
          },
          context: 'test',
        },
      ] as any,
    };
    const rendered = render(App.createRoot());
    // The whole app loads here: on a busy machine that takes a while.
    await waitFor(
      () => expect(rendered.getByText('Enter')).toBeInTheDocument(),
      { timeout: 60_000 },
    );
  }, 90_000);
});
