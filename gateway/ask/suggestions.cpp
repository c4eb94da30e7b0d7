#include "gateway/ask/suggestions.hpp"

namespace gateway::ask {

const std::vector<std::string>& suggestions_for(std::string_view role) {
  static const std::vector<std::string> kAdmin = {
      "What was total revenue last month?", "Revenue by store by month this year",
      "Top 10 films by revenue", "How many active customers does each store have?",
      "Rentals by category last quarter"};
  static const std::vector<std::string> kManager = {
      "What was revenue last month?", "Top 10 films by rentals in my store",
      "Daily rentals over the last 30 days", "How many active customers do we have?",
      "Revenue by category this year"};
  static const std::vector<std::string> kMarketing = {
      "How many active customers by country?", "Top 10 cities by number of customers",
      "Rentals by category by month", "New customers by month",
      "Which film categories are rented most?"};
  static const std::vector<std::string> kFinance = {
      "What was total revenue last month?", "Revenue by month this year",
      "Revenue by film category", "Average payment amount by month", "Top 10 films by revenue"};
  static const std::vector<std::string> kNone;
  if (role == "admin") return kAdmin;
  if (role == "store_manager") return kManager;
  if (role == "marketing") return kMarketing;
  if (role == "finance") return kFinance;
  return kNone;
}

}  // namespace gateway::ask
