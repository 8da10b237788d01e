import { expect } from '@open-wc/testing';
import { WebglBudget, type BudgetHolder } from './webgl-budget.js';

/** A holder that records its grants; `fails` makes it give the slot straight back, as a terminal whose WebGL will not start. */
function holder(name: string, log: string[], budget?: WebglBudget, fails = false): BudgetHolder {
  const self: BudgetHolder = {
    granted: () => {
      log.push(name);
      if (fails) budget!.release(self);
    },
  };
  return self;
}

describe('WebglBudget', () => {
  it('gives slots up to the limit, then queues in order; a freed slot goes to the first in line', () => {
    const log: string[] = [];
    const budget = new WebglBudget(2);
    const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((name) => holder(name, log));
    expect([a, b, c, d].map((h) => budget.request(h))).to.deep.equal([true, true, false, false]);
    expect([budget.live, budget.waiting]).to.deep.equal([2, 2]);
    expect(budget.request(a), 'asking again keeps the slot').to.equal(true);
    budget.release(b);
    expect(log).to.deep.equal(['c']);
    expect([budget.live, budget.waiting]).to.deep.equal([2, 1]);
  });

  it('forgets a holder that leaves the line, and a release of nothing does nothing', () => {
    const log: string[] = [];
    const budget = new WebglBudget(1);
    const [a, b, c] = ['a', 'b', 'c'].map((name) => holder(name, log));
    budget.request(a);
    budget.request(b);
    budget.request(c);
    budget.release(b); // b gave up waiting (its element was removed)
    budget.release(b);
    expect(log).to.deep.equal([]);
    budget.release(a);
    expect(log).to.deep.equal(['c']);
    expect([budget.live, budget.waiting]).to.deep.equal([1, 0]);
  });

  it('passes a slot down the line past holders whose WebGL fails', () => {
    const log: string[] = [];
    const budget = new WebglBudget(1);
    const first = holder('first', log);
    const [x, y] = ['x', 'y'].map((name) => holder(name, log, budget, true));
    const z = holder('z', log);
    for (const h of [first, x, y, z]) budget.request(h);
    budget.release(first);
    expect(log).to.deep.equal(['x', 'y', 'z']);
    expect([budget.live, budget.waiting]).to.deep.equal([1, 0]);
  });
});
