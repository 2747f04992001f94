# The set of a Page's agencies is imported by its identity, the Page.
import {
  to = facebook_page_agencies_exclusive.page
  identity = {
    page_id = "100000000000001"
  }
}
