import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// The first render of a lazily loaded page transforms and loads its modules,
// which takes seconds on a busy two-core machine: give conditions that long
// to become true (they still pass as soon as they do), and tests time to
// wait for them.
configure({ asyncUtilTimeout: 10_000 });
jest.setTimeout(30_000);
