import { GraphQLError } from 'graphql';
import { WalkBudget } from '../../../src/upstream/loaders/WalkBudget';

const refusal = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return error instanceof GraphQLError ? error.extensions : error;
  }
  return undefined;
};

describe('WalkBudget: the run-time budget counts what it has promised, not only what was sent', () => {
  it('two walks that each fit alone cannot both take the same remainder', () => {
    const budget = new WalkBudget(100, () => 2);
    budget.reserve(75, 'walk A');
    expect(refusal(() => budget.reserve(75, 'walk B'))).toMatchObject({ code: 'QUERY_TOO_EXPENSIVE', needed: 75, remaining: 23 });
  });

  it('loads admitted but still waiting at the gate count until their request is sent', () => {
    let spent = 0;
    const budget = new WalkBudget(3, () => spent);
    const sent = [budget.admit(), budget.admit(), budget.admit()];
    expect(refusal(() => budget.admit())).toMatchObject({ needed: 1, remaining: 0 });
    // The first is sent: `spent` now counts it, and it is no longer promised; the budget is still spent.
    spent += 1;
    (sent[0] as () => void)();
    (sent[0] as () => void)();
    expect(refusal(() => budget.admit())).toMatchObject({ needed: 1, remaining: 0 });
    // The second settled from a cache without a request: one request is free again.
    (sent[1] as () => void)();
    expect(refusal(() => budget.admit())).toBeUndefined();
  });

  it("a walk's loads take from its reservation; what it did not use is released", () => {
    const budget = new WalkBudget(10, () => 0);
    const release = budget.reserve(8, 'a walk');
    for (let page = 0; page < 5; page += 1) budget.admit();
    // 5 admitted + 3 still reserved: 2 left.
    expect(refusal(() => budget.reserve(3, 'another'))).toMatchObject({ needed: 3, remaining: 2 });
    release();
    expect(refusal(() => budget.reserve(5, 'another'))).toBeUndefined();
  });
});
