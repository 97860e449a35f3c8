package admin

import "net/http"

// DashboardPage is the admin's home.
type DashboardPage struct {
	Layout
}

func (a *Admin) handleDashboard(w http.ResponseWriter, r *http.Request, s *staff) error {
	return a.render(w, "dashboard", &DashboardPage{Layout: a.layout(w, r, s, "Dashboard", "dashboard")})
}
