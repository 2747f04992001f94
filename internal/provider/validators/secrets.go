package validators

import (
	"github.com/hashicorp/terraform-plugin-framework-validators/mapvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// MaxSecretLength bounds tokens and the app secret: far above anything Meta
// issues (a few hundred characters), well below what an HTTP header can
// carry, so a pasted file or a wrong variable fails at plan time.
const MaxSecretLength = 4096

// SecretLength refuses empty and oversized credentials: an empty app_secret
// would silently turn appsecret_proof off, an empty token reach Meta as no
// token at all.
func SecretLength() validator.String {
	return stringvalidator.LengthBetween(1, MaxSecretLength)
}

// PageTokens checks a map of Page access tokens keyed by Page id.
func PageTokens() validator.Map {
	return mapvalidator.All(mapvalidator.KeysAre(NumericID()), mapvalidator.ValueStringsAre(SecretLength()))
}
