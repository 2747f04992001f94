package provider

import (
	"testing"

	"github.com/pageops/terraform-provider-facebook/internal/graphtest"
)

// TestCLILiveTestsRunAgainstTheEmulator runs the live tests (TestAcc*) as
// they are, against the emulator's demo seed instead of Meta, so that a
// change that breaks them shows up offline in make test rather than in the
// next run with real credentials. It proves the tests' own steps, imports
// and Meta-side checks fit together; what Meta itself answers only the live
// run can tell.
func TestCLILiveTestsRunAgainstTheEmulator(t *testing.T) {
	emu := graphtest.Start(t, graphtest.Options{MaxLimit: 2})
	fx := graphtest.SeedDemo(emu)
	for name, value := range map[string]string{
		"TF_ACC":                            "1",
		envBaseURL:                          emu.URL(),
		envAccessToken:                      fx.UserToken,
		envAppSecret:                        "",
		envAPIVersion:                       "",
		envTestPageID:                       fx.PageID,
		envTestBusinessID:                   fx.BusinessID,
		envTestUserBusinessID:               fx.PeopleBusinessID,
		envTestUserID:                       fx.SystemUserID,
		envTestSubscribeApp:                 "1",
		envTestMessengerProfile:             "1",
		"FACEBOOK_TEST_RECIPIENT_ID":        fx.RecipientID,
		"FACEBOOK_TEST_THREAD_OWNER_APP_ID": fx.ThreadOwnerAppID,
	} {
		t.Setenv(name, value)
	}
	for name, test := range map[string]func(*testing.T){
		"TestAccPageAgency":                 TestAccPageAgency,
		"TestAccPageAssignedUser":           TestAccPageAssignedUser,
		"TestAccPageSubscribedApp":          TestAccPageSubscribedApp,
		"TestAccPageAccessToken":            TestAccPageAccessToken,
		"TestAccPageAgencies":               TestAccPageAgencies,
		"TestAccPageConversations":          TestAccPageConversations,
		"TestAccPageThreadOwner":            TestAccPageThreadOwner,
		"TestAccPageAgenciesExclusive":      TestAccPageAgenciesExclusive,
		"TestAccPageAssignedUsersExclusive": TestAccPageAssignedUsersExclusive,
		"TestAccPageMessengerProfile":       TestAccPageMessengerProfile,
	} {
		// A live test that skips here (a variable it needs is not set
		// above) would otherwise count as a pass.
		skipped := false
		t.Run(name, func(t *testing.T) {
			t.Cleanup(func() { skipped = t.Skipped() })
			test(t)
		})
		if skipped {
			t.Errorf("%s skipped against the emulator: give it what it needs above", name)
		}
	}
}
