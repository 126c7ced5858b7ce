package demo

// merge interleaves the transactions of every wallet in time order without holding them: a
// min-heap keyed by each active wallet's next transaction time, fed by activations in time
// order. Memory is proportional to the wallets active at one moment, not to transactions.
type merge struct {
	g       *generator
	acts    *activations
	nextAct int64 // unix ms of the next activation
	hasAct  bool
	nextID  uint32
	heap    []entry
	slots   []wallet // wallets by slot; freed slots are reused
	free    []uint32
	pending bool // the heap top was returned and must advance before the next call
}

// entry orders wallets by (time of next transaction, id), so ties break the same way every run.
type entry struct {
	at   int64 // unix ms
	id   uint32
	slot uint32
}

func (a entry) less(b entry) bool { return a.at < b.at || a.at == b.at && a.id < b.id }

func newMerge(g *generator) *merge {
	m := &merge{g: g, acts: g.curve.activations(g.seed, g.opts.Wallets)}
	m.nextAct, m.hasAct = m.acts.next()
	return m
}

// next returns the wallet that sends the next transaction and its time. The wallet pointer is
// valid until the following call.
func (m *merge) next() (*wallet, int64, bool) {
	if m.pending {
		m.advance()
		m.pending = false
	}
	// New ids are larger than every active one, so an activation loses ties to the heap.
	for m.hasAct && (len(m.heap) == 0 || m.nextAct < m.heap[0].at) {
		m.activate()
	}
	if len(m.heap) == 0 {
		return nil, 0, false
	}
	m.pending = true
	top := m.heap[0]
	return &m.slots[top.slot], top.at, true
}

// activate adds the next wallet; its first transaction is at its activation.
func (m *merge) activate() {
	var slot uint32
	if n := len(m.free); n > 0 {
		slot = m.free[n-1]
		m.free = m.free[:n-1]
	} else {
		slot = uint32(len(m.slots))
		m.slots = append(m.slots, wallet{})
	}
	m.slots[slot] = newWallet(m.g.seed, m.g.classes, m.nextID, m.nextAct)
	m.push(entry{at: m.nextAct, id: m.nextID, slot: slot})
	m.nextID++
	m.nextAct, m.hasAct = m.acts.next()
}

// advance moves the heap top to its wallet's next transaction, or retires the wallet.
func (m *merge) advance() {
	top := &m.heap[0]
	at, ok := m.slots[top.slot].next()
	if ok {
		top.at = at
		m.down(0)
		return
	}
	m.slots[top.slot] = wallet{}
	m.free = append(m.free, top.slot)
	last := len(m.heap) - 1
	m.heap[0] = m.heap[last]
	m.heap = m.heap[:last]
	if last > 0 {
		m.down(0)
	}
}

func (m *merge) push(e entry) {
	m.heap = append(m.heap, e)
	i := len(m.heap) - 1
	for i > 0 {
		parent := (i - 1) / 2
		if !m.heap[i].less(m.heap[parent]) {
			break
		}
		m.heap[i], m.heap[parent] = m.heap[parent], m.heap[i]
		i = parent
	}
}

func (m *merge) down(i int) {
	h := m.heap
	for {
		least := i
		if l := 2*i + 1; l < len(h) && h[l].less(h[least]) {
			least = l
		}
		if r := 2*i + 2; r < len(h) && h[r].less(h[least]) {
			least = r
		}
		if least == i {
			return
		}
		h[i], h[least] = h[least], h[i]
		i = least
	}
}
