package provider

import (
	"context"
	"fmt"
	"os"
	"strconv"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/pageops/terraform-provider-facebook/internal/graph"
	"github.com/pageops/terraform-provider-facebook/internal/provider/validators"
)

// Environment variables the provider configuration falls back to.
const (
	envAccessToken = "FACEBOOK_ACCESS_TOKEN"
	envAppSecret   = "FACEBOOK_APP_SECRET" //nolint:gosec // G101: the variable's name, not a secret
	envAPIVersion  = "FACEBOOK_API_VERSION"
	envBaseURL     = "FACEBOOK_BASE_URL"
	envMaxRetries  = "FACEBOOK_MAX_RETRIES"
)

// resolveConfig merges the provider block with its environment fallbacks and
// defaults, and checks what the schema validators cannot see (values from
// the environment, a missing token). Every error names the attribute.
func resolveConfig(ctx context.Context, m providerModel, version, terraformVersion string) (graph.Config, diag.Diagnostics) {
	var diags diag.Diagnostics
	for name, v := range map[string]interface{ IsUnknown() bool }{
		"access_token": m.AccessToken, "app_secret": m.AppSecret, "api_version": m.APIVersion,
		"base_url": m.BaseURL, "page_access_tokens": m.PageAccessTokens, "max_retries": m.MaxRetries,
	} {
		if v.IsUnknown() {
			diags.AddAttributeError(path.Root(name), "Unknown provider configuration value",
				fmt.Sprintf("The provider cannot be configured while %q depends on a value known only after apply. Set it from a variable or an environment variable, or apply its source first with -target.", name))
		}
	}
	if diags.HasError() {
		return graph.Config{}, diags
	}

	cfg := graph.Config{
		AccessToken: stringOrEnv(m.AccessToken, envAccessToken),
		AppSecret:   stringOrEnv(m.AppSecret, envAppSecret),
		APIVersion:  stringOrEnv(m.APIVersion, envAPIVersion),
		BaseURL:     stringOrEnv(m.BaseURL, envBaseURL),
		MaxRetries:  graph.DefaultMaxRetries,
		UserAgent:   userAgent(version, terraformVersion),
		Logger:      clientLogger(),
	}
	cfg.AccessTokenOrigin = "the provider's access_token argument"
	if m.AccessToken.IsNull() {
		cfg.AccessTokenOrigin = "the " + envAccessToken + " environment variable"
	}
	applyBenchSwitches(&cfg)
	if cfg.AccessToken == "" {
		diags.AddAttributeError(path.Root("access_token"), "Missing Facebook access token",
			"Set access_token in the provider block or the "+envAccessToken+" environment variable to a user, system-user or Page access token.")
	}
	// The schema validators have checked configured values; these come from
	// the environment.
	for _, s := range []struct{ attr, env, value, what string }{
		{"access_token", envAccessToken, cfg.AccessToken, "access token"},
		{"app_secret", envAppSecret, cfg.AppSecret, "app secret"},
	} {
		if len(s.value) > validators.MaxSecretLength {
			diags.AddAttributeError(path.Root(s.attr), "Invalid Facebook "+s.what,
				fmt.Sprintf("The %s from %s or %s is longer than %d characters, which no Meta credential is: check what the variable holds.", s.what, s.attr, s.env, validators.MaxSecretLength))
		}
	}
	if cfg.APIVersion == "" {
		cfg.APIVersion = graph.DefaultAPIVersion
	} else if err := graph.ValidateAPIVersion(cfg.APIVersion); err != nil {
		diags.AddAttributeError(path.Root("api_version"), "Invalid Graph API version", err.Error()+" (from api_version or "+envAPIVersion+")")
	}
	if cfg.BaseURL == "" {
		cfg.BaseURL = graph.DefaultBaseURL
	} else if _, err := graph.ValidateBaseURL(cfg.BaseURL); err != nil {
		diags.AddAttributeError(path.Root("base_url"), "Invalid Graph API base URL", err.Error()+" (from base_url or "+envBaseURL+")")
	}
	switch {
	case !m.MaxRetries.IsNull():
		cfg.MaxRetries = int(m.MaxRetries.ValueInt64())
	case os.Getenv(envMaxRetries) != "":
		n, err := strconv.Atoi(os.Getenv(envMaxRetries))
		if err != nil || n < 0 || n > 50 {
			diags.AddAttributeError(path.Root("max_retries"), "Invalid "+envMaxRetries, fmt.Sprintf("%q must be a whole number from 0 to 50", os.Getenv(envMaxRetries)))
		}
		cfg.MaxRetries = n
	}
	if cfg.MaxRetries == 0 {
		cfg.MaxRetries = -1 // graph.Config treats 0 as "default"; the user asked for none
	}
	if !m.PageAccessTokens.IsNull() {
		tokens := map[string]string{}
		diags.Append(m.PageAccessTokens.ElementsAs(ctx, &tokens, false)...)
		cfg.PageAccessTokens = tokens
	}
	return cfg, diags
}

func stringOrEnv(v types.String, env string) string {
	if !v.IsNull() {
		return v.ValueString()
	}
	return os.Getenv(env)
}

// userAgent names the provider, where to find it, and the Terraform that
// runs it, so that Meta (and anyone reading a proxy's log) can tell which
// release sent a call. Terraform hands its version to Configure for this.
func userAgent(version, terraformVersion string) string {
	if version == "" {
		version = "dev"
	}
	if terraformVersion == "" {
		terraformVersion = "unknown"
	}
	return "terraform-provider-facebook/" + version + " (+https://registry.terraform.io/providers/pageops/facebook) Terraform/" + terraformVersion
}
