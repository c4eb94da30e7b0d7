# The `copilot` executable, its test support and its service-level tests (db, http).
add_library(copilot_test_support STATIC ${CMAKE_CURRENT_SOURCE_DIR}/tests/support.cpp)
target_link_libraries(copilot_test_support PUBLIC copilot_core GTest::gtest)

copilot_add_test(copilot_defence_db_tests db ${CMAKE_CURRENT_SOURCE_DIR}/tests/defence_db_test.cpp)
target_link_libraries(copilot_defence_db_tests PRIVATE copilot_execution copilot_test_support)

add_executable(copilot ${CMAKE_CURRENT_SOURCE_DIR}/main.cpp)
target_link_libraries(copilot PRIVATE copilot_workflow project_options)

# HTTP tests: the real binary on a free loopback port.
add_library(copilot_service_support STATIC ${CMAKE_CURRENT_SOURCE_DIR}/tests/service.cpp)
target_link_libraries(copilot_service_support PUBLIC copilot_test_support common_test_support PkgConfig::HTTPLIB PkgConfig::PQXX
                                                     nlohmann_json::nlohmann_json project_options)
target_compile_definitions(copilot_service_support PUBLIC
  COPILOT_BINARY="$<TARGET_FILE:copilot>" COPILOT_TEST_LOG_DIR="${CMAKE_CURRENT_BINARY_DIR}")
copilot_add_test(copilot_http_tests http ${CMAKE_CURRENT_SOURCE_DIR}/tests/http_test.cpp)
target_link_libraries(copilot_http_tests PRIVATE copilot_service_support copilot_core copilot_common)
add_dependencies(copilot_http_tests copilot)

copilot_add_test(copilot_canonical_http_tests http ${CMAKE_CURRENT_SOURCE_DIR}/tests/canonical_http_test.cpp
                 ${CMAKE_CURRENT_SOURCE_DIR}/tests/result_compare.cpp)
target_link_libraries(copilot_canonical_http_tests PRIVATE copilot_service_support copilot_core copilot_common)
add_dependencies(copilot_canonical_http_tests copilot)

# The copilot with a model configured, against the local fake OpenAI server (never the internet).
if(TARGET copilot_fake_openai)
  copilot_add_test(copilot_model_http_tests http ${CMAKE_CURRENT_SOURCE_DIR}/tests/model_http_test.cpp)
  target_link_libraries(copilot_model_http_tests PRIVATE copilot_service_support copilot_fake_openai
                                                         copilot_core copilot_common)
  add_dependencies(copilot_model_http_tests copilot)

  # Attacks on the copilot's edge: reused request ids, audit floods, huge results, clients that
  # disconnect (the model writes the SQL, as a model talked into it would).
  copilot_add_test(copilot_http_attacks_tests http
                   ${CMAKE_CURRENT_SOURCE_DIR}/tests/http_attacks_test.cpp)
  target_link_libraries(copilot_http_attacks_tests PRIVATE copilot_service_support
                                                           copilot_fake_openai copilot_core
                                                           copilot_common)
  add_dependencies(copilot_http_attacks_tests copilot)
endif()

# Questions on a streaming replica (issue 18): ctest label `replica`, run only by
# `scripts/test replica`, which starts the standby first (scripts/replica start). The tests stop
# and restart the replica themselves; a replica that cannot be started is a failure, never a skip.
copilot_add_test(copilot_replica_tests replica ${CMAKE_CURRENT_SOURCE_DIR}/tests/replica_test.cpp)
target_link_libraries(copilot_replica_tests PRIVATE copilot_service_support copilot_execution
                                                    copilot_core copilot_common)
add_dependencies(copilot_replica_tests copilot)
