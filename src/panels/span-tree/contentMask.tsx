import React, { useContext } from 'react';
import type { FramePii } from '../../data/frames/readSpanTreeFrame';
import { frameMasker } from '../../data/pii/maskFrameText';

/** What content text goes through before it is shown or copied. */
export interface ContentMask {
  mask(text: string): string;
  /** Masking is on for this content. */
  masking: boolean;
  /** The signed-in user may reveal one message at a time. */
  canReveal: boolean;
}

export const NO_MASK: ContentMask = { mask: (t) => t, masking: false, canReveal: false };

const ContentMaskContext = React.createContext<ContentMask>(NO_MASK);

export const ContentMaskProvider = ContentMaskContext.Provider;

export function useContentMask(): ContentMask {
  return useContext(ContentMaskContext);
}

interface BootUser {
  orgRole?: string;
  isGrafanaAdmin?: boolean;
}

/**
 * The signed-in user, from the boot data Grafana puts on every page (what `config.bootData`
 * reads; read directly because `config`'s type changes between Grafana minor versions).
 */
function signedInUser(): BootUser | undefined {
  return (globalThis as { grafanaBootData?: { user?: BootUser } }).grafanaBootData?.user;
}

/** Admins (and Grafana server admins) may reveal; Editors too when the data source allows it. */
export function mayReveal(revealRole: FramePii['revealRole']): boolean {
  const user = signedInUser();
  if (!user) {
    return false;
  }
  return (
    Boolean(user.isGrafanaAdmin) || user.orgRole === 'Admin' || (revealRole === 'Editor' && user.orgRole === 'Editor')
  );
}

/**
 * The mask of a frame's settings. Masking runs when a text is shown (LongText, copy buttons),
 * once per value (the masker caches), so a 100k-span trace is masked only as far as it is read.
 */
export function contentMaskFor(pii: FramePii): ContentMask {
  const masker = frameMasker(pii);
  if (!masker) {
    return NO_MASK;
  }
  return { mask: (t) => masker.mask(t), masking: true, canReveal: mayReveal(pii.revealRole) };
}
