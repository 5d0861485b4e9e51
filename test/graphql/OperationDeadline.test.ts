import { OperationDeadline } from '../../src/graphql/OperationDeadline';

describe('OperationDeadline', () => {
  afterEach(() => jest.restoreAllMocks());

  describe('before its signal is read', () => {
    it('makes no signal (no timer, no composite signal)', () => {
      const timeout = jest.spyOn(AbortSignal, 'timeout');
      const any = jest.spyOn(AbortSignal, 'any');
      new OperationDeadline(30_000, new AbortController().signal);
      expect(timeout).not.toHaveBeenCalled();
      expect(any).not.toHaveBeenCalled();
    });
  });

  describe('its signal', () => {
    it('is made once, on first read, for the time the operation has left', () => {
      let now = 1000;
      const timeout = jest.spyOn(AbortSignal, 'timeout');
      const deadline = new OperationDeadline(30_000, undefined, () => now);
      now += 12_000;
      const signal = deadline.signal;
      expect(deadline.signal).toBe(signal);
      expect(timeout).toHaveBeenCalledTimes(1);
      expect(timeout).toHaveBeenCalledWith(18_000);
      expect(signal.aborted).toBe(false);
    });

    it('aborts with a TimeoutError when the deadline passes', async () => {
      const signal = new OperationDeadline(20).signal;
      await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
      expect(signal.reason).toMatchObject({ name: 'TimeoutError' });
    });

    it('is aborted already, with a TimeoutError, when first read after the deadline passed', () => {
      let now = 0;
      const deadline = new OperationDeadline(5_000, new AbortController().signal, () => now);
      now = 5_001;
      expect(deadline.signal.aborted).toBe(true);
      expect(deadline.signal.reason).toMatchObject({ name: 'TimeoutError' });
    });

    it("aborts with the stop signal's reason when it aborts first, read before or after", () => {
      const readBefore = new AbortController();
      const before = new OperationDeadline(30_000, readBefore.signal).signal;
      readBefore.abort(new Error('stopping'));
      expect(before.reason).toEqual(new Error('stopping'));

      const readAfter = new AbortController();
      const deadline = new OperationDeadline(30_000, readAfter.signal);
      readAfter.abort(new Error('stopping'));
      expect(deadline.signal.aborted).toBe(true);
      expect(deadline.signal.reason).toEqual(new Error('stopping'));
    });

    it('takes any number of listeners without a MaxListenersExceeded warning', () => {
      const warnings: Error[] = [];
      const onWarning = (warning: Error) => warnings.push(warning);
      process.on('warning', onWarning);
      const signal = new OperationDeadline(30_000, new AbortController().signal).signal;
      for (let index = 0; index < 50; index += 1) signal.addEventListener('abort', () => undefined);
      return new Promise<void>((resolve) =>
        setImmediate(() => {
          process.off('warning', onWarning);
          expect(warnings.filter((warning) => warning.name === 'MaxListenersExceededWarning')).toEqual([]);
          resolve();
        }),
      );
    });
  });
});
