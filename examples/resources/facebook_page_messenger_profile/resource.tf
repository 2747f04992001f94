# The Messenger profile of a Page: Get Started button, persistent menu, ice
# breakers and the domains its webviews may open. Only these properties are
# managed: a greeting set in Meta Business Suite is left alone.
resource "facebook_page_messenger_profile" "bot" {
  page_id     = "100000000000001"
  platform    = "MESSENGER" # default
  get_started = { payload = "GET_STARTED" }
  persistent_menu = [{
    locale                  = "default"
    composer_input_disabled = false
    call_to_actions = [
      { type = "postback", title = "Talk to an agent", payload = "AGENT" },
      { type = "web_url", title = "Shop", url = "https://shop.example/shop" },
    ]
  }]
  ice_breakers = [{
    locale          = "default"
    call_to_actions = [{ question = "Where is my order?", payload = "ORDER" }]
  }]
  whitelisted_domains = ["https://shop.example"]
}
