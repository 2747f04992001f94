package validators

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/url"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// JSONObject accepts a JSON object, such as jsonencode({...}).
func JSONObject() validator.String {
	const want = "must be a JSON object, for example jsonencode({ url = \"https://...\" })"
	return StringFunc(want, func(s string) error {
		var obj map[string]any
		if err := json.Unmarshal([]byte(s), &obj); err != nil || obj == nil {
			return errors.New(want)
		}
		return nil
	})
}

// HTTPURL accepts absolute http(s) URLs.
func HTTPURL() validator.String {
	return StringFunc("must be an absolute http(s) URL", func(s string) error {
		u, err := url.Parse(s)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			return fmt.Errorf("%q is not an absolute http(s) URL", s)
		}
		return nil
	})
}
