package web

import (
	"context"
	"time"

	"github.com/thidua/thidua/internal/indicator"
	"github.com/thidua/thidua/internal/inspection"
	"github.com/thidua/thidua/internal/job"
	"github.com/thidua/thidua/internal/notify"
	"github.com/thidua/thidua/internal/petition"
	"github.com/thidua/thidua/internal/report"
)

// Background runs, until ctx ends, the job worker and the periodic jobs: at 07:00 in
// Vietnam (midnight UTC) the daily digest of notifications, the reminders of reports
// and enterprise indicators due and the clean-up of old finished jobs; every hour the
// petitions' and the inspections' corrective actions' reminders and escalations. Every
// process may run it; each periodic job is still created once per period and each
// job run by one process.
func (s *Server) Background(ctx context.Context) {
	go s.jobs.Work(ctx)
	go s.jobs.Every(ctx, notify.KindDigest, 24*time.Hour)
	go s.jobs.Every(ctx, kindPruneJobs, 24*time.Hour)
	go s.jobs.Every(ctx, report.KindRemind, 24*time.Hour)
	go s.jobs.Every(ctx, indicator.KindRemind, 24*time.Hour)
	// Petition deadlines are days, but a petition assigned in the morning may be due
	// the next working day: look every hour.
	go s.jobs.Every(ctx, petition.KindRemindScan, time.Hour)
	go s.jobs.Every(ctx, inspection.KindRemindScan, time.Hour)
}

const kindPruneJobs = "jobs.prune"

// pruneJobs forgets finished jobs after 30 days; what they did is in the audit log.
func (s *Server) pruneJobs(ctx context.Context, _ *job.Run) (any, error) {
	n, err := s.jobs.Prune(ctx, 30*24*time.Hour)
	return map[string]int64{"removed": n}, err
}
