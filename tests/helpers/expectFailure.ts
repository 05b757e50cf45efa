/** Resolves with the rejection, and fails the test if the promise resolves. */
export function expectFailure<E = Error>(p: Promise<unknown>): Promise<E> {
  return p.then(
    () => {
      throw new Error('expected a failure');
    },
    (e: E) => e
  );
}
