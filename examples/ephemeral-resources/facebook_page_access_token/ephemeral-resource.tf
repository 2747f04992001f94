# The Page access token, obtained the way the provider obtains it for its own
# calls. As an ephemeral value (Terraform 1.10 or later) it is never written
# to the plan or the state.
ephemeral "facebook_page_access_token" "support" {
  page_id = "100000000000001"
}

# Hand it to a second provider configuration, for example one that acts with
# the Page's token rather than a user's...
provider "facebook" {
  alias        = "support_page"
  access_token = ephemeral.facebook_page_access_token.support.access_token
}

# ...or to a write-only argument of another provider's resource, such as a
# secret store, which also keeps it out of plan and state (Terraform 1.11 or
# later):
#
# resource "aws_secretsmanager_secret_version" "page_token" {
#   secret_id                = aws_secretsmanager_secret.page_token.id
#   secret_string_wo         = ephemeral.facebook_page_access_token.support.access_token
#   secret_string_wo_version = 1
# }
