package provider

// Schema attributes that several types share word for word.

import (
	dsschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/pageops/terraform-provider-facebook/internal/provider/validators"
)

// dataSourcePageID is the page_id argument of a data source that reads one
// Page's edge.
func dataSourcePageID() dsschema.StringAttribute {
	return dsschema.StringAttribute{
		MarkdownDescription: "Numeric id of the Page.",
		Required:            true,
		Validators:          []validator.String{validators.NumericID()},
	}
}

// resourcePageID is the page_id argument of a Page access resource: the
// grant lives on that Page's edge, so another Page means another grant.
func resourcePageID() rschema.StringAttribute {
	return rschema.StringAttribute{
		MarkdownDescription: "Numeric id of the Page. Changing it replaces the resource.",
		Required:            true,
		PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
		Validators:          []validator.String{validators.NumericID()},
	}
}
