// copilot/workflow/embedded_stages.hpp — the default, offline planning → SQL → answer path:
// the semantic model, the embedded planner, the semantic-query compiler (path
// "embedded_planner"), the narrator and the widget builder behind the workflow's interfaces.
#pragma once

#include <memory>
#include <string>

#include "copilot/planning/value_index.hpp"
#include "copilot/workflow/stages.hpp"

namespace copilot::workflow {

class EmbeddedStages {
 public:
  // Throws when the semantic model cannot be loaded.
  explicit EmbeddedStages(const std::string& semantic_model_path);
  ~EmbeddedStages();
  EmbeddedStages(const EmbeddedStages&) = delete;
  EmbeddedStages& operator=(const EmbeddedStages&) = delete;

  PlanningStage& planning();
  GenerationStage& generation();
  PresentationStage& presentation();
  // Names from the data the planner recognises (films, actors, cities, ...): load() them at
  // start and again to refresh.
  planning::ValueCatalog& values();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace copilot::workflow
