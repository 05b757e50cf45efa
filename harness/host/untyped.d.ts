// Shared modules without bundled type declarations; the host only passes them to SystemJS.
declare module 'prismjs';
declare module 'react-router-dom';
declare module 'slate';
declare module 'slate-plain-serializer';
declare module 'slate-react';
