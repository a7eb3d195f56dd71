package web

import (
	"net/http"

	"github.com/thidua/thidua/internal/auth"
)

// access says who may use a route.
type access int

const (
	public         access = iota // anyone, signed in or not
	signedIn                     // any account
	staffOnly                    // every role of the department (not enterprises)
	officeOnly                   // Văn phòng Sở
	office2                      // Văn phòng Sở and Lãnh đạo Sở
	unitWork                     // office and the units' own accounts
	enterpriseOnly               // enterprise accounts
	staffManagers                // office and unit managers (for their unit's staff)
	planners                     // office, leader and Phòng Kế hoạch - Tài chính (enterprise indicators)
	monitor                      // no account: the monitoring system, from loopback or with THIDUA_METRICS_TOKEN (guard checks)
)

var accessNames = [...]string{"public", "signedIn", "staffOnly", "officeOnly", "office2", "unitWork", "enterpriseOnly", "staffManagers", "planners", "monitor"}

// String is the access level's name as written in the route table.
func (a access) String() string {
	if int(a) < len(accessNames) {
		return accessNames[a]
	}
	return "unknown"
}

func (a access) allows(u *auth.User) bool {
	if a == public {
		return true
	}
	if u == nil {
		return false
	}
	switch a {
	case signedIn:
		return true
	case staffOnly:
		return u.Role != auth.RoleEnterprise
	case officeOnly:
		return u.Role == auth.RoleOffice
	case office2:
		return u.Role == auth.RoleOffice || u.Role == auth.RoleLeader
	case unitWork:
		return u.Role == auth.RoleOffice || u.Role.NeedsUnit()
	case staffManagers:
		return u.Role == auth.RoleOffice || u.Role == auth.RoleUnitManager
	case enterpriseOnly:
		return u.Role == auth.RoleEnterprise
	case planners:
		return u.Role == auth.RoleOffice || u.Role == auth.RoleLeader || u.Role == auth.RolePlanning
	}
	return false
}

// route is one line of the route table.
type route struct {
	pattern string
	access  access
	handle  func(w http.ResponseWriter, r *http.Request) error
	api     bool // JSON answers, bearer tokens accepted
}

// Route is one line of the route table as seen from outside: the pattern, the name
// of its access level and whether it is part of the JSON API.
type Route struct {
	Pattern string
	Access  string
	API     bool
}

// Routes lists the whole route table, so that a test can walk every route for every
// role and a new route cannot go unchecked.
func (s *Server) Routes() []Route {
	var out []Route
	for _, rt := range s.routes() {
		out = append(out, Route{rt.pattern, rt.access.String(), rt.api})
	}
	return out
}

// routes is the whole table of pages and API endpoints with who may use each.
func (s *Server) routes() []route {
	return []route{
		{"GET /healthz", public, s.healthz, false}, // the process answers; no database
		{"GET /readyz", public, s.readyz, false},   // the database answers, at this binary's schema version
		{"GET /metrics", monitor, s.metricsPage, false},

		{"GET /{$}", public, s.home, false},
		{"GET /login", public, s.loginForm, false},
		{"POST /login", public, s.login, false},
		{"POST /logout", signedIn, s.logout, false},
		{"GET /account/password", signedIn, s.passwordForm, false},
		{"POST /account/password", signedIn, s.changePassword, false},

		{"GET /dashboard", signedIn, s.dashboard, false},
		{"GET /plan", signedIn, s.planPage, false},
		{"GET /targets", signedIn, s.targetsPage, false},
		{"GET /definitions", public, s.definitionsPage, false},
		{"GET /help", public, s.helpPage, false},

		{"GET /units", staffOnly, s.unitsList, false},
		{"GET /units/new", officeOnly, s.unitForm, false},
		{"POST /units", officeOnly, s.unitSave, false},
		{"GET /units/{id}", staffOnly, s.unitForm, false},
		{"POST /units/{id}", officeOnly, s.unitSave, false},
		{"POST /units/{id}/deactivate", officeOnly, s.unitSetActive(false), false},
		{"POST /units/{id}/reactivate", officeOnly, s.unitSetActive(true), false},

		{"GET /staff", staffOnly, s.staffList, false},
		{"GET /staff/new", staffManagers, s.staffForm, false},
		{"POST /staff", staffManagers, s.staffSave, false},
		{"GET /staff/{id}", staffOnly, s.staffForm, false},
		{"POST /staff/{id}", staffManagers, s.staffSave, false},
		{"POST /staff/{id}/deactivate", staffManagers, s.staffSetActive(false), false},
		{"POST /staff/{id}/reactivate", staffManagers, s.staffSetActive(true), false},

		{"GET /enterprises", staffOnly, s.enterprisesList, false},
		{"GET /enterprises/new", officeOnly, s.enterpriseForm, false},
		{"POST /enterprises", officeOnly, s.enterpriseSave, false},
		{"GET /enterprises/{id}", staffOnly, s.enterpriseForm, false},
		{"POST /enterprises/{id}", officeOnly, s.enterpriseSave, false},
		{"POST /enterprises/{id}/deactivate", officeOnly, s.enterpriseSetActive(false), false},
		{"POST /enterprises/{id}/reactivate", officeOnly, s.enterpriseSetActive(true), false},
		{"GET /enterprise", enterpriseOnly, s.enterpriseForm, false},
		{"POST /enterprise", enterpriseOnly, s.enterpriseSave, false},

		{"GET /procedures", staffOnly, s.proceduresList, false},
		{"GET /procedures/new", officeOnly, s.procedureForm, false},
		{"POST /procedures", officeOnly, s.procedureSave, false},
		{"GET /procedures/{id}", staffOnly, s.procedureForm, false},
		{"POST /procedures/{id}", officeOnly, s.procedureSave, false},

		{"GET /dossiers", staffOnly, s.dossiersList, false},
		{"GET /dossiers/overdue", staffOnly, s.dossiersOverdue, false},
		{"GET /dossiers/stats", staffOnly, s.dossierStats, false},
		{"GET /dossiers/times", staffOnly, s.dossierTimes, false},
		{"GET /dossiers/stats.xlsx", staffOnly, s.dossierStatsXLSX, false},
		{"GET /dossiers/{code}", staffOnly, s.dossierPage, false},
		{"POST /dossiers/{code}/apology", unitWork, s.dossierApology, false},

		{"GET /import/{kind}", officeOnly, s.importForm, false},
		{"POST /import/{kind}", officeOnly, s.importUpload, false},
		{"GET /import/{kind}/template", officeOnly, s.importTemplate, false},
		{"GET /import/{kind}/jobs/{id}", officeOnly, s.importJobPage, false},
		{"GET /files/{token}", signedIn, s.download, false},

		{"GET /petitions", signedIn, s.petitionsList, false},
		{"GET /petitions/new", signedIn, s.petitionForm, false}, // office registers, enterprise sends; the store checks
		{"POST /petitions", signedIn, s.petitionCreate, false},
		{"POST /petitions/assign", officeOnly, s.petitionsAssign, false},
		{"GET /petitions/send", public, s.petitionSendForm, false},
		{"POST /petitions/send", public, s.petitionSendPublic, false},
		{"GET /petitions/track", public, s.petitionTrack, false},
		{"POST /petitions/track/act/{action}", public, s.petitionTrackAct, false}, // the sender, by tracking code
		{"GET /petitions/files/{id}", public, s.petitionFile, false},              // the account's scope, or the tracking code
		{"GET /petition-templates", unitWork, s.petitionTemplates, false},
		{"POST /petition-templates", unitWork, s.petitionTemplateSave, false},
		{"POST /petition-templates/{id}", unitWork, s.petitionTemplateSave, false},
		{"POST /petition-templates/{id}/delete", unitWork, s.petitionTemplateDelete, false},
		{"GET /petitions/{id}", signedIn, s.petitionPage, false},
		{"POST /petitions/{id}/act/{action}", signedIn, s.petitionAct, false}, // role and state checked by the petition's workflow
		{"POST /petitions/{id}/attachments", signedIn, s.petitionAttach, false},
		{"POST /petitions/{id}/duplicate", officeOnly, s.petitionDuplicate, false},
		{"GET /answers", public, s.answersPage, false},
		{"GET /answers/{id}", public, s.answerPage, false},
		{"GET /answers/feed.xml", public, s.answersFeed, false},
		{"GET /public/procedures", public, s.publicProcedures, false},
		{"GET /public/statistics", public, s.publicStatsPage, false},
		{"GET /public/dialogues", public, s.publicDialoguesPage, false},
		{"GET /open-data", public, s.openDataPage, false},
		{"GET /open-data/{file}", public, s.openDataFile, false}, // NAME.csv or NAME.xlsx

		{"GET /dialogues", signedIn, s.dialoguesList, false},
		{"GET /dialogues/new", officeOnly, s.dialogueForm, false},
		{"POST /dialogues", officeOnly, s.dialogueSave, false},
		{"GET /dialogues/{id}", signedIn, s.dialoguePage, false},
		{"GET /dialogues/{id}/edit", officeOnly, s.dialogueEdit, false},
		{"POST /dialogues/{id}", officeOnly, s.dialogueSave, false},
		{"POST /dialogues/{id}/questions", officeOnly, s.dialogueAsk, false},
		{"POST /dialogues/{id}/{action}", signedIn, s.dialogueAct, false}, // office: invite, held, cancel; enterprise: register, unregister
		{"GET /dialogues/{id}/minutes.docx", staffOnly, s.dialogueMinutes, false},

		{"GET /reports", signedIn, s.reportsList, false},
		{"GET /reports/new", officeOnly, s.reportForm, false},
		{"POST /reports", officeOnly, s.reportSave, false},
		{"GET /reports/{id}", signedIn, s.reportPage, false},
		{"GET /reports/{id}/edit", officeOnly, s.reportForm, false},
		{"POST /reports/{id}", officeOnly, s.reportSave, false},
		{"POST /reports/{id}/submission", signedIn, s.reportWrite, false}, // scope checked in the store
		{"POST /reports/{id}/files", signedIn, s.reportAttach, false},     // scope checked in the store
		{"GET /reports/{id}/files/{file}", signedIn, s.reportFile, false},
		{"GET /reports/{id}/register", office2, s.reportRegister, false},
		{"GET /reports/{id}/units/{unit}", office2, s.reportPage, false},
		{"POST /reports/{id}/{action}", officeOnly, s.reportOffice, false}, // remind, close, reopen, return (?unit=)
		{"GET /reports/{id}/consolidated.docx", office2, s.reportConsolidated, false},
		{"GET /reports/{id}/consolidated.xlsx", office2, s.reportConsolidated, false},

		{"GET /difficulties", staffOnly, s.difficultiesList, false},
		{"POST /difficulties", unitWork, s.difficultyRaise, false},
		{"GET /difficulties/{id}", staffOnly, s.difficultyPage, false},
		{"POST /difficulties/{id}/{step}", staffOnly, s.difficultyStep, false}, // consolidate, direct, close: role checked in the store

		{"GET /indicators", planners, s.indicatorsList, false},
		{"GET /indicators/analysis", planners, s.indicatorAnalysis, false},
		{"GET /indicators/analysis.xlsx", planners, s.indicatorAnalysisXLSX, false},
		{"GET /indicators/export.xlsx", planners, s.indicatorsExport, false},
		{"POST /indicators/deadlines", officeOnly, s.indicatorDeadlineSave, false},
		{"POST /indicators/remind", officeOnly, s.indicatorRemind, false},
		{"GET /indicators/{id}", signedIn, s.indicatorPage, false}, // the department's roles, or the enterprise itself: the store checks
		{"GET /enterprise/indicators", enterpriseOnly, s.enterpriseIndicators, false},
		{"GET /enterprise/indicators/new", enterpriseOnly, s.indicatorForm, false},
		{"POST /enterprise/indicators", enterpriseOnly, s.indicatorSave, false},
		{"GET /enterprise/indicators/{id}/edit", enterpriseOnly, s.indicatorForm, false},
		{"POST /enterprise/indicators/{id}", enterpriseOnly, s.indicatorSave, false},

		{"GET /initiatives", signedIn, s.initiativesList, false},
		{"GET /initiatives/new", signedIn, s.initiativeNew, false},
		{"POST /initiatives", signedIn, s.initiativeSave, false},
		{"GET /initiatives/{id}", signedIn, s.initiativePage, false},
		{"GET /initiatives/{id}/edit", signedIn, s.initiativeEdit, false},
		{"POST /initiatives/{id}", signedIn, s.initiativeSave, false},
		{"POST /initiatives/{id}/files", signedIn, s.initiativeFileAdd, false},
		{"GET /initiatives/{id}/files/{file}", signedIn, s.initiativeFile, false},
		{"POST /initiatives/{id}/{action}", signedIn, s.initiativeAct, false}, // proposer: submit; office: return, review, recognise, reject, apply; council member: score
		{"GET /initiative-sessions", staffOnly, s.initiativeSessions, false},
		{"POST /initiative-sessions", officeOnly, s.initiativeSessionCreate, false},
		{"GET /initiative-sessions/{id}", staffOnly, s.initiativeSessionPage, false},
		{"POST /initiative-sessions/{id}/members", officeOnly, s.initiativeSessionMember, false},
		{"POST /initiative-sessions/{id}/members/{user}/delete", officeOnly, s.initiativeSessionMember, false},
		{"GET /initiative-sessions/{id}/decision.docx", office2, s.initiativeDecision, false},

		{"GET /inspections", staffOnly, s.inspectionsList, false},
		{"GET /inspections/new", officeOnly, s.inspectionNew, false},
		{"POST /inspections", officeOnly, s.inspectionSave, false},
		{"GET /inspections/{id}", staffOnly, s.inspectionPage, false}, // a unit sees its own: scope checked in the store
		{"GET /inspections/{id}/edit", officeOnly, s.inspectionEdit, false},
		{"POST /inspections/{id}", officeOnly, s.inspectionSave, false},
		{"POST /inspections/{id}/findings", officeOnly, s.inspectionFindingAdd, false},
		{"POST /inspections/{id}/findings/{finding}/delete", officeOnly, s.inspectionFindingDelete, false},
		{"POST /inspections/{id}/{step}", officeOnly, s.inspectionStep, false}, // start, conclude
		{"GET /inspections/{id}/notice.docx", staffOnly, s.inspectionNotice, false},
		{"GET /inspection-actions", staffOnly, s.inspectionActions, false},
		{"GET /inspection-actions/{id}", staffOnly, s.inspectionActionPage, false},
		{"POST /inspection-actions/{id}/{step}", staffOnly, s.inspectionActionStep, false}, // unit: report; office: close, return

		{"GET /outreach", staffOnly, s.outreachList, false},
		{"GET /outreach/new", staffOnly, s.articleNew, false},
		{"POST /outreach", staffOnly, s.articleSave, false},
		{"GET /outreach/{id}", staffOnly, s.articleAdmin, false}, // the author, or the office and the leadership
		{"GET /outreach/{id}/edit", staffOnly, s.articleEdit, false},
		{"POST /outreach/{id}", staffOnly, s.articleSave, false},
		{"GET /outreach/{id}/cover", staffOnly, s.articleCoverStaff, false},
		{"POST /outreach/{id}/{step}", staffOnly, s.articleStep, false}, // author: submit; office, leader: publish, return, unpublish
		{"GET /articles", public, s.articlesPublic, false},
		{"GET /articles/feed.xml", public, s.articlesFeed, false},
		{"GET /articles/{id}", public, s.articlePublic, false},
		{"GET /articles/{id}/cover", public, s.articleCover, false},

		{"GET /awards", signedIn, s.awardsPage, false},
		{"GET /awards/rubrics/new", officeOnly, s.awardRubricForm, false},
		{"POST /awards/rubrics", officeOnly, s.awardRubricSave, false},
		{"GET /awards/rubrics/{id}", signedIn, s.awardRubricPage, false},
		{"GET /awards/rubrics/{id}/scores.xlsx", office2, s.awardRankingXLSX, false},
		{"POST /awards/assessments", signedIn, s.awardAssessmentOpen, false}, // a unit or enterprise for itself; the office for any
		{"GET /awards/assessments/{id}", signedIn, s.awardAssessmentPage, false},
		{"POST /awards/assessments/{id}/files", signedIn, s.awardFileAdd, false},
		{"POST /awards/assessments/{id}/{action}", signedIn, s.awardAssessmentAct, false}, // unit: save, submit; office: review; council: council
		{"GET /awards/files/{id}", signedIn, s.awardFile, false},
		{"GET /awards/eligibility", staffOnly, s.awardEligibilityPage, false},
		{"GET /awards/ratings", staffOnly, s.awardRatingsPage, false},
		{"POST /awards/ratings/{action}", staffManagers, s.awardRatingSave, false}, // rate (managers for their unit); discipline, case, resolve: the store lets the office only
		{"GET /awards/rules", office2, s.awardRulesPage, false},
		{"POST /awards/rules/{id}", officeOnly, s.awardRuleSave, false},
		{"POST /awards/rules/{id}/{action}", officeOnly, s.awardRuleSave, false}, // version
		{"GET /awards/nominations", staffOnly, s.awardNominationsPage, false},
		{"POST /awards/nominations", staffManagers, s.awardNominate, false},
		{"GET /awards/nominations/{id}/report.docx", staffOnly, s.awardReport, false},
		{"GET /awards/councils", staffOnly, s.awardCouncilsPage, false}, // office, leader, council
		{"POST /awards/councils", officeOnly, s.awardCouncilCreate, false},
		{"GET /awards/councils/{id}", staffOnly, s.awardCouncilPage, false},
		{"GET /awards/councils/{id}/{doc}", office2, s.awardCouncilDoc, false},       // submission.docx, minutes.docx, decision.docx
		{"POST /awards/councils/{id}/{action}", staffOnly, s.awardCouncilAct, false}, // office: member, present, agenda, open, close, decide; member: vote
		{"GET /awards/history", signedIn, s.awardHistoryPage, false},
		{"GET /awards/commendations/{id}/certificate.pdf", signedIn, s.awardCertificate, false},
		{"POST /awards/commendations/{id}/publish", officeOnly, s.awardPublish, false},
		{"GET /exemplary", public, s.exemplaryPage, false},

		{"GET /deployments", staffOnly, s.deploymentsList, false},
		{"GET /deployments/{unit}", unitWork, s.deploymentForm, false},
		{"POST /deployments/{unit}", unitWork, s.deploymentSave, false},

		{"GET /registrations", signedIn, s.registrationsPage, false},
		{"POST /registrations", signedIn, s.registrationSave, false},

		{"GET /calendar", staffOnly, s.calendarPage, false},
		{"POST /calendar/overrides", officeOnly, s.calendarSet, false},
		{"POST /calendar/overrides/{date}/delete", officeOnly, s.calendarUnset, false},

		{"GET /notifications", signedIn, s.notificationsPage, false},
		{"POST /notifications/{id}/open", signedIn, s.notificationOpen, false},
		{"POST /notifications/read-all", signedIn, s.notificationsReadAll, false},
		{"POST /notifications/mode", signedIn, s.notificationsMode, false},
		{"GET /outbox", office2, s.outboxPage, false},

		{"GET /audit", office2, s.auditList, false},
		{"GET /users", officeOnly, s.usersList, false},
		{"POST /users", officeOnly, s.userCreate, false},

		{"GET /api/v1/targets", signedIn, s.apiTargets, true},
		{"GET /api/v1/openapi.json", public, s.apiOpenAPI, true},
		{"GET /api/v1/units", staffOnly, s.apiUnits, true},
		{"POST /api/v1/units", officeOnly, apiWrite(s.apiUnitCreate), true},
		{"GET /api/v1/units/{code}", staffOnly, s.apiUnit, true},
		{"PUT /api/v1/units/{code}", officeOnly, apiWrite(s.apiUnitUpdate), true},
		{"GET /api/v1/staff", staffOnly, s.apiStaffList, true},
		{"POST /api/v1/staff", staffManagers, apiWrite(s.apiStaffCreate), true},
		{"GET /api/v1/staff/{id}", staffOnly, s.apiStaffGet, true},
		{"PUT /api/v1/staff/{id}", staffManagers, apiWrite(s.apiStaffUpdate), true},
		{"GET /api/v1/enterprises", signedIn, s.apiEnterprises, true},
		{"POST /api/v1/enterprises", officeOnly, apiWrite(s.apiEnterpriseCreate), true},
		{"GET /api/v1/enterprises/{tax_code}", signedIn, s.apiEnterprise, true},
		{"PUT /api/v1/enterprises/{tax_code}", signedIn, apiWrite(s.apiEnterpriseUpdate), true}, // office, or an enterprise for itself
		{"GET /api/v1/dossiers/stats", staffOnly, s.apiDossierStats, true},
		{"GET /api/v1/dossiers/times", staffOnly, s.apiDossierTimes, true},
		{"GET /api/v1/eligibility", staffOnly, s.apiEligibility, true},            // a unit's account: its own unit only
		{"POST /api/v1/petitions", signedIn, apiWrite(s.apiPetitionCreate), true}, // an enterprise, or the office; the store checks
		{"GET /api/v1/petitions/{id}", signedIn, s.apiPetitionGet, true},
		{"GET /api/v1/public/procedures", public, s.apiPublicProcedures, true},
		{"GET /api/v1/public/dossier-stats", public, s.apiPublicDossierStats, true},
		{"GET /api/v1/public/dossier-monthly", public, s.apiPublicMonthly, true},
		{"GET /api/v1/public/index-766", public, s.apiPublicIndex766, true},
		{"GET /api/v1/public/petition-scores", public, s.apiPublicPetitionScores, true},
		{"GET /api/v1/public/answers", public, s.apiPublicAnswers, true},
		{"GET /api/v1/public/dialogues", public, s.apiPublicDialogues, true},
		{"GET /api/v1/public/targets", public, s.apiPublicTargets, true},
		{"GET /api/open311/v2/services.json", signedIn, s.apiOpen311Services, true},
		{"POST /api/open311/v2/requests.json", signedIn, apiWrite(s.apiOpen311Create), true},
		{"GET /api/open311/v2/requests/{id}", signedIn, s.apiOpen311Get, true}, // {id} is "12.json"
	}
}
