#include "qtp/pipeline/production_params.h"

namespace qtp {

void DescribeParams(config::Section& section, ProductionParams& params) {
  section.Param("model", params.model,
                "Primary model of the published rankings: a model_id, or auto (the best mean out-of-sample rank IC "
                "of the latest qtp train)");
  section.Param("postgres_url", params.postgres_url,
                "PostgreSQL URL for qtp publish (QTP_PG_URL wins); empty = publish to the embedded store only");
  section.Param("alert_webhook", params.alert_webhook,
                "URL a failed daily stage's alert is POSTed to as JSON (QTP_ALERT_WEBHOOK wins); empty = log only");
  section.Param("source", params.source,
                "Where qtp daily gets new bars: auto (providers with credentials, else the simulator), simulate, "
                "providers, files (imported with qtp import before the job; the job checks they reach the as-of)",
                {"auto", "simulate", "providers", "files"});
}

}  // namespace qtp
