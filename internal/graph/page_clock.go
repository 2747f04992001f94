package graph

// pageClock, set on a listing call of a walk (listing_cache.go), stamps
// each entry listed with the generation of the Page at the moment the
// entry's page was requested, and carries what the walk shares across its
// calls: the cursor a call resumes from, the budget of the whole walk, and
// whether the walk may stop after the page just read.
type pageClock struct {
	now     func() uint64
	current uint64   // at the request of the page being read
	stamps  []uint64 // per entry kept, in order
	resume  string   // when set, the listing starts after this cursor
	after   string   // the last page's cursors.after: where the listing ended
	// latest is, per id listed, the stamp of the last page that listed it;
	// repeated says an id was listed twice (the listing reordered as it
	// was read).
	latest   map[string]uint64
	repeated bool
	// lastPageFrom is the index, in stamps, of the first entry of the last
	// page read.
	lastPageFrom int
	// enough, when set, is asked after each page with the page's entries
	// (a []T of the listing's T): true ends the listing there, short of
	// its last page.
	enough func(page any) bool
	budget *listingBudget
}

// listingBudget is what one walk has read so far, all its calls together:
// MaxListingPages, MaxListingEntries and MaxListingBytes bound the sum.
type listingBudget struct {
	pages, entries, bytes int
}

func (p *pageClock) pageRequested() {
	if p != nil {
		p.current = p.now()
		p.lastPageFrom = len(p.stamps)
	}
}

func (p *pageClock) pageRead(after string) {
	if p != nil && after != "" {
		p.after = after
	}
}

// listed records an entry kept for id; again says the listing had listed
// it before.
func (p *pageClock) listed(id string, again bool) {
	if p == nil {
		return
	}
	if p.latest == nil {
		p.latest = map[string]uint64{}
	}
	p.latest[id] = p.current
	p.repeated = p.repeated || again
}

func (p *pageClock) resumeAfter() string {
	if p == nil {
		return ""
	}
	return p.resume
}

// stopHere reports whether the listing may end after page, the entries of
// the page just read.
func (p *pageClock) stopHere(page any) bool {
	return p != nil && p.enough != nil && p.enough(page)
}

// walkBudget returns the budget the call draws on: its walk's, or a fresh
// one for a call outside any walk.
func (p *pageClock) walkBudget() *listingBudget {
	if p == nil || p.budget == nil {
		return &listingBudget{}
	}
	return p.budget
}
