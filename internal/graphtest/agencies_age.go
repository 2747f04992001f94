package graphtest

import "time"

// AgeAgency moves an existing assignment's access_requested_time and
// access_updated_time back by d, as if it had been made that long ago (by
// hand, or by an earlier run). It panics if the assignment does not exist.
func (e *Emulator) AgeAgency(pageID, businessID string, d time.Duration) {
	e.mu.Lock()
	defer e.mu.Unlock()
	a := findAgency(e.mustPageLocked("AgeAgency", pageID), businessID)
	if a == nil {
		panic("graphtest: AgeAgency: " + businessID + " has no access to " + pageID)
	}
	a.requested, a.updated = a.requested.Add(-d), a.updated.Add(-d)
}
