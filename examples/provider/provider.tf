# Credentials come from the environment in CI:
#   export FACEBOOK_ACCESS_TOKEN=...   # user or system-user token with a role on the Page
#   export FACEBOOK_APP_SECRET=...     # optional: adds appsecret_proof to every call
provider "facebook" {
  api_version = "v26.0"
  max_retries = 5
}
