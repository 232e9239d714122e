import { Rng } from '@rooney/core';
import { EDGE_STRIDE, splitPoint } from './binning.ts';
import type { TrainingData, TreeArrays } from './training-data.ts';

/** The random stream of tree `treeIndex`: a fork of the forest seed, so threads cannot change it. */
export function treeRng(seed: number, treeIndex: number): Rng {
  return new Rng(seed).fork(treeIndex);
}

/**
 * Draws the bootstrap sample of one tree: `counts[r]` is how many times row r was drawn. The first
 * numbers of the tree's stream go here, so the out-of-bag rows can be found again after fitting.
 */
export function drawBootstrap(rng: Rng, rows: number, draws: number, counts: Int32Array): void {
  counts.fill(0);
  for (let i = 0; i < draws; i++) counts[rng.int(rows)]++;
}

/** Gini impurity 1 - sum (w_k / W)^2 of class weights `totals` with sum `total`. */
function gini(totals: Float64Array, total: number, classes: number): number {
  let sum = 0;
  for (let k = 0; k < classes; k++) sum += totals[k] * totals[k];
  return 1 - sum / (total * total);
}

/** Shannon entropy (natural log) of class weights `totals` with sum `total`. */
function entropy(totals: Float64Array, total: number, classes: number): number {
  let h = 0;
  for (let k = 0; k < classes; k++) {
    const w = totals[k];
    if (w > 0) {
      const q = w / total;
      h -= q * Math.log(q);
    }
  }
  return h;
}

/** w ln w with 0 ln 0 = 0. */
function xLogX(w: number): number {
  return w > 0 ? w * Math.log(w) : 0;
}

/**
 * Grows CART trees on one training set, reusing its buffers from tree to tree. A node is grown
 * depth-first (left subtree first), so the nodes come out in preorder.
 *
 * Split score: the criterion's weighted child impurity, found from class-weight histograms in one
 * pass over the node's rows per feature (histogram search) or from the node's rows sorted by rank
 * (exact search). Samples are the distinct in-bag rows; a row's weight is its bootstrap count times
 * its class weight; `minSamplesLeaf`/`minSamplesSplit` count distinct rows, as scikit-learn does.
 */
export class TreeTrainer {
  private readonly data: TrainingData;
  private readonly counts: Int32Array;
  /** Distinct in-bag rows of the tree; a node owns the range [start, end). */
  private readonly samples: Int32Array;
  /** Weight and class of `samples[s]`, kept in the same order so node scans read sequentially. */
  private readonly sampleWeight: Float64Array;
  private readonly sampleLabel: Uint8Array;
  private readonly featureOrder: Int32Array;
  private readonly histogramWeight: Float64Array;
  private readonly histogramCount: Int32Array;
  private readonly usedBins: Int32Array;
  private readonly keys: Float64Array;
  private readonly nodeTotals: Float64Array;
  private readonly leftTotals: Float64Array;
  private readonly rightTotals: Float64Array;
  private readonly scanTotals: Float64Array;
  private readonly useEntropy: boolean;

  // Output, grown by doubling.
  private feature = new Int32Array(1024);
  private threshold = new Float64Array(1024);
  private next = new Int32Array(1024);
  private leafValues = new Float64Array(1024);
  private nodeCount = 0;
  private leafCount = 0;

  // Best split of the current node.
  private bestFeature = -1;
  private bestCut = -1;
  private bestThreshold = 0;

  constructor(data: TrainingData) {
    this.data = data;
    const { rows, features, classes } = data;
    this.counts = new Int32Array(rows);
    this.samples = new Int32Array(rows);
    this.sampleWeight = new Float64Array(rows);
    this.sampleLabel = new Uint8Array(rows);
    this.featureOrder = new Int32Array(features);
    this.histogramWeight = new Float64Array(EDGE_STRIDE * classes);
    this.histogramCount = new Int32Array(EDGE_STRIDE);
    this.usedBins = new Int32Array(EDGE_STRIDE);
    this.keys = data.ranks === null ? new Float64Array(0) : new Float64Array(rows);
    this.nodeTotals = new Float64Array(classes);
    this.leftTotals = new Float64Array(classes);
    this.rightTotals = new Float64Array(classes);
    this.scanTotals = new Float64Array(classes);
    this.useEntropy = data.settings.criterion === 'entropy';
  }

  private impurity(totals: Float64Array, total: number): number {
    return this.useEntropy ? entropy(totals, total, this.data.classes) : gini(totals, total, this.data.classes);
  }

  /** Grows tree `treeIndex` of the forest. */
  train(treeIndex: number): TreeArrays {
    const { rows, features, classes, labels, classWeight, settings } = this.data;
    const rng = treeRng(settings.seed, treeIndex);
    const { counts, samples, sampleWeight, sampleLabel } = this;
    if (settings.bootstrap) drawBootstrap(rng, rows, settings.samplesPerTree, counts);
    else counts.fill(1);
    let sampleCount = 0;
    const rootTotals = new Float64Array(classes);
    for (let r = 0; r < rows; r++) {
      const c = counts[r];
      if (c > 0) {
        const label = labels[r];
        const w = c * classWeight[label];
        samples[sampleCount] = r;
        sampleWeight[sampleCount] = w;
        sampleLabel[sampleCount] = label;
        sampleCount++;
        rootTotals[label] += w;
      }
    }
    for (let f = 0; f < features; f++) this.featureOrder[f] = f;
    this.nodeCount = 0;
    this.leafCount = 0;
    const importance = new Float64Array(features);

    // Depth-first stack of pending nodes: [start, end, depth, parent-of-right-child or -1].
    const stackStart: number[] = [0];
    const stackEnd: number[] = [sampleCount];
    const stackDepth: number[] = [0];
    const stackParent: number[] = [-1];
    const stackTotals: Float64Array[] = [rootTotals];
    const nodeTotals = this.nodeTotals;
    let maxDepth = 0;

    while (stackStart.length > 0) {
      const start = stackStart.pop() as number;
      const end = stackEnd.pop() as number;
      const depth = stackDepth.pop() as number;
      const parent = stackParent.pop() as number;
      nodeTotals.set(stackTotals.pop() as Float64Array);
      const node = this.addNode();
      if (parent >= 0) this.next[parent] = node;
      if (depth > maxDepth) maxDepth = depth;

      let total = 0;
      for (let k = 0; k < classes; k++) total += nodeTotals[k];
      const impurity = this.impurity(nodeTotals, total);
      const size = end - start;
      let split =
        depth < settings.maxDepth &&
        size >= settings.minSamplesSplit &&
        size >= 2 * settings.minSamplesLeaf &&
        impurity > Number.EPSILON;
      if (split) {
        split = this.data.codes !== null
          ? this.findHistogramSplit(rng, start, end, total)
          : this.findExactSplit(rng, start, end, total);
      }
      if (!split) {
        this.feature[node] = -1;
        this.threshold[node] = 0;
        const leaf = this.addLeaf();
        this.next[node] = leaf;
        for (let k = 0; k < classes; k++) this.leafValues[leaf * classes + k] = nodeTotals[k] / total;
        continue;
      }
      const middle = this.partition(start, end);
      const left = new Float64Array(classes);
      const right = new Float64Array(classes);
      let leftTotal = 0;
      let rightTotal = 0;
      for (let s = start; s < middle; s++) left[sampleLabel[s]] += sampleWeight[s];
      for (let s = middle; s < end; s++) right[sampleLabel[s]] += sampleWeight[s];
      for (let k = 0; k < classes; k++) {
        leftTotal += left[k];
        rightTotal += right[k];
      }
      this.feature[node] = this.bestFeature;
      this.threshold[node] = this.bestThreshold;
      importance[this.bestFeature] +=
        total * impurity - leftTotal * this.impurity(left, leftTotal) - rightTotal * this.impurity(right, rightTotal);
      stackStart.push(middle, start);
      stackEnd.push(end, middle);
      stackDepth.push(depth + 1, depth + 1);
      stackParent.push(node, -1);
      stackTotals.push(right, left);
    }
    return {
      feature: this.feature.slice(0, this.nodeCount),
      threshold: this.threshold.slice(0, this.nodeCount),
      next: this.next.slice(0, this.nodeCount),
      leafValues: this.leafValues.slice(0, this.leafCount * classes),
      importance,
      depth: maxDepth,
    };
  }

  private addNode(): number {
    if (this.nodeCount === this.feature.length) {
      const size = this.feature.length * 2;
      this.feature = grow(this.feature, new Int32Array(size));
      this.threshold = grow(this.threshold, new Float64Array(size));
      this.next = grow(this.next, new Int32Array(size));
    }
    return this.nodeCount++;
  }

  private addLeaf(): number {
    if ((this.leafCount + 1) * this.data.classes > this.leafValues.length) {
      this.leafValues = grow(this.leafValues, new Float64Array(this.leafValues.length * 2 + this.data.classes));
    }
    return this.leafCount++;
  }

  /** Draws the next candidate feature (partial Fisher-Yates over `featureOrder`). */
  private drawFeature(rng: Rng, position: number): number {
    const order = this.featureOrder;
    const pick = position + rng.int(order.length - position);
    const f = order[pick];
    order[pick] = order[position];
    order[position] = f;
    return f;
  }

  /**
   * Split score to maximise: for Gini, sum_k L_k^2 / W_L + sum_k R_k^2 / W_R; for entropy,
   * sum_k (L_k ln L_k + R_k ln R_k) - W_L ln W_L - W_R ln W_R. Both are the negated weighted child
   * impurity up to terms that do not depend on the split.
   */
  private proxy(left: Float64Array, total: number): number {
    const { classes } = this.data;
    const totals = this.nodeTotals;
    let leftTotal = 0;
    for (let k = 0; k < classes; k++) leftTotal += left[k];
    const rightTotal = total - leftTotal;
    if (leftTotal <= 0 || rightTotal <= 0) return Number.NEGATIVE_INFINITY;
    if (this.useEntropy) {
      let score = -xLogX(leftTotal) - xLogX(rightTotal);
      for (let k = 0; k < classes; k++) score += xLogX(left[k]) + xLogX(totals[k] - left[k]);
      return score;
    }
    let sumLeft = 0;
    let sumRight = 0;
    for (let k = 0; k < classes; k++) {
      const l = left[k];
      const r = totals[k] - l;
      sumLeft += l * l;
      sumRight += r * r;
    }
    return sumLeft / leftTotal + sumRight / rightTotal;
  }

  private findHistogramSplit(rng: Rng, start: number, end: number, total: number): boolean {
    const { rows, features, classes, settings } = this.data;
    const codes = this.data.codes as Uint8Array;
    const binCount = this.data.binCount as Int32Array;
    const edges = this.data.edges as Float64Array;
    const { samples, sampleWeight, sampleLabel, histogramWeight, histogramCount, usedBins, scanTotals } = this;
    const size = end - start;
    const minLeaf = settings.minSamplesLeaf;
    let bestScore = Number.NEGATIVE_INFINITY;
    let found = false;
    let visited = 0;
    for (let position = 0; position < features && visited < settings.featuresPerSplit; position++) {
      const f = this.drawFeature(rng, position);
      const bins = binCount[f];
      if (bins <= 1) continue;
      const offset = f * rows;
      // Small nodes: collect the used bins and scan only those; large nodes: scan every bin.
      const sparse = size * 4 < bins;
      let used = 0;
      if (sparse) {
        for (let s = start; s < end; s++) {
          const b = codes[offset + samples[s]];
          if (histogramCount[b]++ === 0) {
            // Insertion into the sorted list of used bins.
            let i = used++;
            while (i > 0 && usedBins[i - 1] > b) {
              usedBins[i] = usedBins[i - 1];
              i--;
            }
            usedBins[i] = b;
          }
          histogramWeight[b * classes + sampleLabel[s]] += sampleWeight[s];
        }
      } else {
        for (let s = start; s < end; s++) {
          const b = codes[offset + samples[s]];
          histogramCount[b]++;
          histogramWeight[b * classes + sampleLabel[s]] += sampleWeight[s];
        }
        for (let b = 0; b < bins; b++) if (histogramCount[b] > 0) usedBins[used++] = b;
      }
      if (used > 1) {
        visited++;
        scanTotals.fill(0);
        let leftCount = 0;
        for (let u = 0; u < used - 1; u++) {
          const b = usedBins[u];
          leftCount += histogramCount[b];
          for (let k = 0; k < classes; k++) scanTotals[k] += histogramWeight[b * classes + k];
          if (leftCount < minLeaf) continue;
          if (size - leftCount < minLeaf) break;
          const score = this.proxy(scanTotals, total);
          if (score > bestScore) {
            bestScore = score;
            found = true;
            this.bestFeature = f;
            this.bestCut = b;
            // Any edge between this bin and the next used bin separates the node the same way;
            // take the middle one, the histogram's stand-in for the midpoint between the values.
            this.bestThreshold = edges[f * EDGE_STRIDE + ((b + usedBins[u + 1] - 1) >> 1)];
          }
        }
      }
      // Leave the histogram zeroed for the next feature.
      for (let u = 0; u < used; u++) {
        const b = usedBins[u];
        histogramCount[b] = 0;
        for (let k = 0; k < classes; k++) histogramWeight[b * classes + k] = 0;
      }
    }
    return found;
  }

  private findExactSplit(rng: Rng, start: number, end: number, total: number): boolean {
    const { rows, features, settings } = this.data;
    const ranks = this.data.ranks as Int32Array;
    const distinct = this.data.distinct as Float64Array;
    const distinctStart = this.data.distinctStart as Int32Array;
    const { samples, sampleWeight, sampleLabel, keys, scanTotals } = this;
    const size = end - start;
    const minLeaf = settings.minSamplesLeaf;
    let bestScore = Number.NEGATIVE_INFINITY;
    let found = false;
    let visited = 0;
    for (let position = 0; position < features && visited < settings.featuresPerSplit; position++) {
      const f = this.drawFeature(rng, position);
      const first = distinctStart[f];
      if (distinctStart[f + 1] - first <= 1) continue;
      const offset = f * rows;
      // key = rank * rows + position in node: one native numeric sort orders the node by value.
      const view = keys.subarray(0, size);
      for (let s = start; s < end; s++) view[s - start] = ranks[offset + samples[s]] * rows + (s - start);
      view.sort();
      const lowRank = Math.floor(view[0] / rows);
      const highRank = Math.floor(view[size - 1] / rows);
      if (lowRank === highRank) continue;
      visited++;
      scanTotals.fill(0);
      let rank = lowRank;
      for (let i = 0; i < size - 1; i++) {
        const s = start + (view[i] - rank * rows);
        scanTotals[sampleLabel[s]] += sampleWeight[s];
        const nextRank = Math.floor(view[i + 1] / rows);
        if (nextRank === rank) continue;
        const leftCount = i + 1;
        const cut = rank;
        rank = nextRank;
        if (leftCount < minLeaf) continue;
        if (size - leftCount < minLeaf) break;
        const score = this.proxy(scanTotals, total);
        if (score > bestScore) {
          bestScore = score;
          found = true;
          this.bestFeature = f;
          this.bestCut = cut;
          this.bestThreshold = splitPoint(distinct[first + cut], distinct[first + nextRank]);
        }
      }
    }
    return found;
  }

  /** Moves the node's rows that go left (code <= best cut) to the front; returns the boundary. */
  private partition(start: number, end: number): number {
    const { rows } = this.data;
    const codes = (this.data.codes ?? this.data.ranks) as Uint8Array | Int32Array;
    const offset = this.bestFeature * rows;
    const cut = this.bestCut;
    const { samples, sampleWeight, sampleLabel } = this;
    let i = start;
    let j = end - 1;
    while (i <= j) {
      const r = samples[i];
      if (codes[offset + r] <= cut) {
        i++;
      } else {
        samples[i] = samples[j];
        samples[j] = r;
        const w = sampleWeight[i];
        sampleWeight[i] = sampleWeight[j];
        sampleWeight[j] = w;
        const label = sampleLabel[i];
        sampleLabel[i] = sampleLabel[j];
        sampleLabel[j] = label;
        j--;
      }
    }
    return i;
  }
}

function grow<T extends Int32Array | Float64Array>(from: T, to: T): T {
  to.set(from as never);
  return to;
}
