"""IBS on daily bars in Backtrader: how the expected values of backtrader-ibs.test.ts were made.

Run with Backtrader 1.9.78.123 (github.com/mementum/backtrader, commit b853d7c9) importable:

    python3 backtrader_ibs.py ../../../../../shared/datasets/backtrader/yhoo-1996-2014.txt limit

It prints one closed trade per line: entry date, entry price, exit date, PnL (one share).
Rules (the IBS strategy of @rooney/strategies with its defaults): IBS = (close - low) / (high - low),
0.5 for a bar without range; flat and IBS < 0.2: buy 1; long and IBS > 0.8, or on the close of the
5th bar held counting the fill bar as bar 1: close at market. Market orders fill at the next open.
A limit entry is placed at the signal close and lives for the next bar only: the broker tries it on
that bar; if it did not fill, its life is over before next() runs (Backtrader notifies expiries
before next()), so the strategy cancels it and, flat again, checks the entry on that same bar.
The feed is GenericCSVData on the raw Open/High/Low/Close columns (no Adj Close rescaling).
"""
import sys

import backtrader as bt


class IBS(bt.Strategy):
    params = dict(entry=0.2, exit=0.8, maxbars=5, limit=False)

    def __init__(self):
        self.order = None
        self.order_bar = 0
        self.entry_bar = 0
        self.closed = []

    def notify_order(self, order):
        if order.status in (order.Submitted, order.Accepted):
            return
        if order.status == order.Completed and order.isbuy():
            self.entry_bar = len(self)
        # The broker notifies clones: compare references.
        if self.order is not None and order.ref == self.order.ref:
            self.order = None

    def notify_trade(self, trade):
        if trade.isclosed:
            self.closed.append((bt.num2date(trade.dtopen).date(), trade.price, bt.num2date(trade.dtclose).date(), trade.pnl))

    def next(self):
        if self.order is not None:
            if self.order.exectype == bt.Order.Limit and len(self) > self.order_bar:
                self.cancel(self.order)  # its one bar is over
                self.order = None
            else:
                return
        d = self.data
        bar_range = d.high[0] - d.low[0]
        ibs = (d.close[0] - d.low[0]) / bar_range if bar_range > 0 else 0.5
        if self.position:
            if ibs > self.p.exit or len(self) - self.entry_bar + 1 >= self.p.maxbars:
                self.order = self.close()
            return
        if ibs < self.p.entry:
            self.order_bar = len(self)
            if self.p.limit:
                self.order = self.buy(exectype=bt.Order.Limit, price=d.close[0])
            else:
                self.order = self.buy()


def run(path, limit):
    cerebro = bt.Cerebro(stdstats=False)
    cerebro.adddata(bt.feeds.GenericCSVData(
        dataname=path, dtformat='%Y-%m-%d', datetime=0, open=1, high=2, low=3, close=4, volume=6, openinterest=-1))
    cerebro.addstrategy(IBS, limit=limit)
    cerebro.broker.setcash(1e9)
    return cerebro.run()[0].closed


if __name__ == '__main__':
    for entry_date, price, exit_date, pnl in run(sys.argv[1], sys.argv[2] == 'limit'):
        print(entry_date, '%.6f' % price, exit_date, '%.6f' % pnl)
