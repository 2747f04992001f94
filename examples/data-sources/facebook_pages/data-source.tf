# Every Page the configured access token can act on (GET /me/accounts).
# Page tokens are not in the result: the provider keeps them in memory.
data "facebook_pages" "mine" {}

output "pages_i_manage" {
  value = [for p in data.facebook_pages.mine.pages : p.name if contains(p.tasks, "MANAGE")]
}
