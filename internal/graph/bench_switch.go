//go:build bench

package graph

// DisableListingCache makes every agencies, assigned_users and
// subscribed_apps read list the Page afresh, as a provider without the
// per-run listing would, so that make bench can measure that naive
// behaviour. It exists only in binaries built with the bench tag, never in
// a release.
func (cfg *Config) DisableListingCache() { cfg.naiveListing = true }
