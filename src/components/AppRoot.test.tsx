import React from 'react';
import { render, screen } from '@testing-library/react';
import type { AppRootProps } from '@grafana/data';
import { MemoryRouter } from 'react-router-dom-v5-compat';
import { AppRoot } from './AppRoot';

describe('AppRoot', () => {
  it('points to adding the data source and to Explore', () => {
    // Grafana renders app pages inside its router.
    render(
      <MemoryRouter future={{ v7_startTransition: true, v7_relativeSplatPath: true }}>
        <AppRoot {...({} as AppRootProps)} />
      </MemoryRouter>
    );
    expect(screen.getByRole('heading', { name: 'GenAI Observability' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: /Add data source/ })).toHaveAttribute(
      'href',
      expect.stringContaining('/connections/datasources/new')
    );
    expect(screen.getByRole('link', { name: /Open Explore/ })).toHaveAttribute(
      'href',
      expect.stringContaining('/explore')
    );
  });
});
