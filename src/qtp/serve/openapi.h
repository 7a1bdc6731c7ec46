// The OpenAPI 3.0 document of the API, generated from the route table (route.h).
#pragma once

#include <vector>

#include "qtp/serve/json_text.h"
#include "qtp/serve/route.h"

namespace qtp::serve {

Json OpenApiDocument(const std::vector<Route>& routes);

}  // namespace qtp::serve
