# The set of a Page's agencies is imported by the Page id: the plan then
# shows every agency the configuration does not declare as removed.
terraform import facebook_page_agencies_exclusive.page 100000000000001
