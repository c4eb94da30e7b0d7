# The `copilot` executable, its test support and its service-level tests (db, http).
add_library(copilot_test_support STATIC ${CMAKE_CURRENT_SOURCE_DIR}/tests/support.cpp)
target_link_libraries(copilot_test_support PUBLIC copilot_core GTest::gtest)

copilot_add_test(copilot_defence_db_tests db ${CMAKE_CURRENT_SOURCE_DIR}/tests/defence_db_test.cpp)
target_link_libraries(copilot_defence_db_tests PRIVATE copilot_execution copilot_test_support)
