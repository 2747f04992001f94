package provider

import (
	"os"
	"strings"
)

// Logging costs the provider more than anything else it does on a plan when
// nobody reads the logs. terraform-plugin-go and terraform-plugin-framework
// log every RPC at TRACE by default and write each line to stderr as JSON;
// Terraform parses every line and, unless TF_LOG or TF_LOG_PROVIDER asks for
// provider logs, throws it away. Measured with make bench: a refreshing
// plan of 1000 agencies spends more than half its time on those lines (see
// DESIGN.md's performance section).
//
// Upstream: https://github.com/hashicorp/terraform-plugin-framework/issues/721
// and https://github.com/hashicorp/terraform-plugin-framework/issues/1269
// (the framework builds log lines no one asked for), and
// https://github.com/opentofu/opentofu/issues/2969 (the CLI does not pass
// its provider log level on). This fast path can go once Terraform and
// OpenTofu hand the provider TF_LOG_SDK/TF_LOG_PROVIDER levels of "off" when
// provider logs are off, or once the framework and terraform-plugin-go skip
// unrequested lines by themselves.

// logVariables are the variables that ask Terraform or the plugin SDK for
// the provider's log lines. Every TF_LOG_SDK* variable counts as well
// (TF_LOG_SDK_PROTO, TF_LOG_SDK_FRAMEWORK, TF_LOG_SDK_PROTO_DATA_DIR, ...),
// and so does every TF_LOG_PROVIDER_FACEBOOK_* subsystem variable.
// TF_LOG_PATH alone does not: Terraform writes no log without a level.
var logVariables = []string{"TF_LOG", "TF_LOG_PROVIDER", "TF_LOG_PROVIDER_FACEBOOK"}

// quietLogVariables turn off every logger the provider process has: the
// SDK's root, protocol and framework loggers and the provider's own.
var quietLogVariables = []string{"TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK", "TF_LOG_PROVIDER_FACEBOOK", "TF_LOG_PROVIDER_FACEBOOK_GRAPH"}

// logsWanted is false only when QuietUnrequestedLogs found that no one asked
// for logs. It is set before the provider serves and read afterwards; the
// acceptance tests, which serve the provider in-process, keep it true.
var logsWanted = true

// LogsRequested reports whether environ (os.Environ's form) asks for the
// provider's logs: a log variable set to anything but "off".
func LogsRequested(environ []string) bool {
	for _, kv := range environ {
		name, value, _ := strings.Cut(kv, "=")
		if value == "" || strings.EqualFold(value, "off") {
			continue
		}
		if strings.HasPrefix(name, "TF_LOG_SDK") || strings.HasPrefix(name, "TF_LOG_PROVIDER_FACEBOOK_") {
			return true
		}
		for _, v := range logVariables {
			if name == v {
				return true
			}
		}
	}
	return false
}

// QuietUnrequestedLogs is called by main before it serves the provider.
// When no variable asks for logs it sets the loggers' levels to off, which
// terraform-plugin-log checks before it formats anything, and stops the
// provider building its own log fields and masks. When logs are asked for
// it changes nothing, so every line appears as before. It reports whether
// it turned the logs off.
func QuietUnrequestedLogs() bool {
	if LogsRequested(os.Environ()) {
		return false
	}
	for _, name := range quietLogVariables {
		if err := os.Setenv(name, "OFF"); err != nil {
			return false // nothing set can be worse than before: keep the logs
		}
	}
	logsWanted = false
	return true
}
