package project

import (
	"errors"
	"io/fs"
	"path"
	"sort"
	"strings"
)

// Load reads the project rooted at fsys. Every problem found (bad YAML, unknown keys, bad
// names, duplicate models, config without a model) is reported together, each with its
// position.
func Load(fsys fs.FS) (*Project, error) {
	l := &loader{fsys: fsys, p: &Project{}}
	l.projectFile()
	l.models()
	l.macros()
	l.seeds()
	l.checkNames()
	if len(l.errs) > 0 {
		return nil, Join(l.errs)
	}
	return l.p, nil
}

type loader struct {
	fsys fs.FS
	p    *Project
	errs []error
}

func (l *loader) read(name string) string {
	b, err := fs.ReadFile(l.fsys, name)
	if err != nil {
		l.errs = append(l.errs, Errorf(Pos{Path: name}, "%v", unwrapPath(err)))
	}
	return string(b)
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

func (l *loader) decode(name, text string, fn func(*decoder, *yamlNode)) {
	d := &decoder{path: name}
	if n := d.parse(text); n != nil {
		fn(d, n)
	}
	l.errs = append(l.errs, d.errs...)
}

func (l *loader) projectFile() {
	if _, err := fs.Stat(l.fsys, ConfigFile); err != nil {
		l.errs = append(l.errs, Errorf(Pos{Path: ConfigFile},
			"not found: is --project-dir the project root (the folder holding wv.yml, models/ and sql/)?"))
		return
	}
	l.decode(ConfigFile, l.read(ConfigFile), func(d *decoder, n *yamlNode) { d.projectFile(n, l.p) })
}

// files lists regular files under dir (recursively), sorted; a missing dir is empty.
func (l *loader) files(dir string) []string {
	var out []string
	err := fs.WalkDir(l.fsys, dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if e.Type().IsRegular() {
			out = append(out, p)
		}
		return nil
	})
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		l.errs = append(l.errs, Errorf(Pos{Path: dir}, "%v", err))
	}
	sort.Strings(out)
	return out
}

func (l *loader) models() {
	configs := map[string]string{} // model path -> config path
	tests := map[string]string{}
	for _, p := range l.files(ModelsDir) {
		dir, base := path.Split(p)
		layer := path.Base(dir)
		switch {
		case strings.HasSuffix(base, ".yaml"):
			l.errs = append(l.errs, Errorf(Pos{Path: p}, "model config files end in .yml; rename it"))
		case strings.HasPrefix(base, ".") || !(strings.HasSuffix(base, ".sql") || strings.HasSuffix(base, ".yml")):
			continue // README.md and the like
		case path.Clean(dir) != path.Join(ModelsDir, layer) || layer == ModelsDir:
			l.errs = append(l.errs, Errorf(Pos{Path: p}, "models live in models/<layer>/<name>.sql (one folder level)"))
		case strings.HasSuffix(base, ".test.sql"):
			tests[dir+strings.TrimSuffix(base, ".test.sql")+".sql"] = p
		case strings.HasSuffix(base, ".yml"):
			configs[dir+strings.TrimSuffix(base, ".yml")+".sql"] = p
		default:
			l.model(p, layer, strings.TrimSuffix(base, ".sql"))
		}
	}
	for _, m := range l.p.Models {
		if cp, ok := configs[m.Path]; ok {
			m.Config.Path = cp
			l.decode(cp, l.read(cp), func(d *decoder, n *yamlNode) { d.modelConfig(n, &m.Config) })
			delete(configs, m.Path)
		}
		if tp, ok := tests[m.Path]; ok {
			m.TestPath, m.TestSQL = tp, l.read(tp)
			delete(tests, m.Path)
		}
		if m.Config.Materialized == "" {
			m.Config.Materialized = defaultMaterialized(m.Layer)
		}
		if len(m.Config.UniqueKey) > 0 && m.Config.Materialized != Incremental {
			l.errs = append(l.errs, Errorf(Pos{Path: m.Config.Path}, "unique_key applies only to materialized: incremental"))
		}
	}
	for sqlPath, cp := range configs {
		l.errs = append(l.errs, Errorf(Pos{Path: cp}, "config for a model that does not exist (%s)", sqlPath))
	}
	for sqlPath, tp := range tests {
		l.errs = append(l.errs, Errorf(Pos{Path: tp}, "tests for a model that does not exist (%s)", sqlPath))
	}
}

// defaultMaterialized is view for staging models and table for every other layer.
func defaultMaterialized(layer string) string {
	if layer == "staging" {
		return View
	}
	return Table
}

func (l *loader) model(p, layer, name string) {
	for _, part := range []struct{ what, s string }{{"layer", layer}, {"model name", name}} {
		if !identRE.MatchString(part.s) {
			l.errs = append(l.errs, Errorf(Pos{Path: p}, "%s %q must be snake_case (a-z, 0-9, _)", part.what, part.s))
			return
		}
	}
	l.p.Models = append(l.p.Models, &Model{Name: name, Layer: layer, Path: p, SQL: l.read(p)})
}

func (l *loader) macros() {
	for _, p := range l.files(MacrosDir) {
		if strings.HasSuffix(p, ".sql") {
			l.p.Macros = append(l.p.Macros, &Macro{Path: p, Text: l.read(p)})
		}
	}
}

func (l *loader) seeds() {
	all := l.files(SeedsDir)
	for _, p := range all {
		name, ok := strings.CutSuffix(path.Base(p), ".csv")
		if !ok || path.Dir(p) != SeedsDir {
			continue
		}
		s := &Seed{Name: name, Path: p, ConfigPath: path.Join(SeedsDir, name+".yml")}
		if !identRE.MatchString(name) {
			l.errs = append(l.errs, Errorf(Pos{Path: p}, "seed name %q must be snake_case (a-z, 0-9, _)", name))
			continue
		}
		if !contains(all, s.ConfigPath) {
			l.errs = append(l.errs, Errorf(Pos{Path: p}, "no %s declaring its columns and types", s.ConfigPath))
			continue
		}
		l.decode(s.ConfigPath, l.read(s.ConfigPath), func(d *decoder, n *yamlNode) { d.seedConfig(n, s) })
		l.p.Seeds = append(l.p.Seeds, s)
	}
}

// checkNames enforces unique names across models and seeds, since ref resolves both.
func (l *loader) checkNames() {
	seen := map[string]string{}
	for _, m := range l.p.Models {
		if prev, dup := seen[m.Name]; dup {
			l.errs = append(l.errs, Errorf(Pos{Path: m.Path}, "model name %q is already used by %s; names are unique across layers", m.Name, prev))
		}
		seen[m.Name] = m.Path
	}
	for _, s := range l.p.Seeds {
		if prev, dup := seen[s.Name]; dup {
			l.errs = append(l.errs, Errorf(Pos{Path: s.Path}, "seed name %q is already used by %s", s.Name, prev))
		}
		seen[s.Name] = s.Path
	}
	sort.Slice(l.p.Models, func(i, j int) bool { return l.p.Models[i].Name < l.p.Models[j].Name })
}
