import { ReactNode, useEffect, useId, useState } from 'react';
import useDebounce from 'react-use/esm/useDebounce';
import Button from '@material-ui/core/Button';
import InputAdornment from '@material-ui/core/InputAdornment';
import TextField from '@material-ui/core/TextField';
import { makeStyles } from '@material-ui/core/styles';
import SearchIcon from '@material-ui/icons/Search';
import { parseEntityRef } from '@backstage/catalog-model';
import { humanizeEntityRef } from '@backstage/plugin-catalog-react';
import {
  CRITERION_IDS,
  CriterionId,
  CriterionStatus,
  criterionTitle,
  MeshLevelName,
} from '@istio-mesh/plugin-istio-mesh-common';
import {
  ComplianceView,
  isFiltered,
  LEVELS,
  NO_FILTERS,
  STATUSES,
} from '../CompliancePage/complianceView';
import { useRelationOptions } from '../../hooks/useRelationOptions';
import { fullEntityRef } from './fullEntityRef';
import { SelectFilter } from './SelectFilter';

const useStyles = makeStyles(theme => ({
  root: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'flex-end',
    gap: theme.spacing(2),
  },
  search: { minWidth: theme.spacing(28) },
}));

const TYPING_PAUSE_MS = 300;

/** A text field whose value reaches the view once typing pauses. */
function TypedFilter(props: {
  label: string;
  value?: string;
  onCommit(value: string | undefined): void;
  className?: string;
  icon?: ReactNode;
}) {
  const { label, value, onCommit, className, icon } = props;
  const id = useId();
  const [text, setText] = useState(value ?? '');
  // The URL changes under the field too (back button, "Clear filters").
  useEffect(() => setText(value ?? ''), [value]);
  useDebounce(
    () => {
      const next = text.trim() || undefined;
      if (next !== value) onCommit(next);
    },
    TYPING_PAUSE_MS,
    [text],
  );
  return (
    <TextField
      id={id}
      label={label}
      value={text}
      onChange={event => setText(event.target.value)}
      className={className}
      InputProps={
        icon
          ? {
              startAdornment: (
                <InputAdornment position="start">{icon}</InputAdornment>
              ),
            }
          : undefined
      }
    />
  );
}

/**
 * Options for an owner or system select: the catalog's values, and the
 * view's own when the URL names one the catalog did not list.
 */
function relationOptions(
  refs: string[] | undefined,
  selected: string | undefined,
  defaultKind: string,
) {
  const all = new Set(refs);
  if (selected) all.add(selected);
  return [...all].map(ref => {
    const full = fullEntityRef(ref, defaultKind);
    return {
      value: ref,
      label: full
        ? humanizeEntityRef(parseEntityRef(full), { defaultKind })
        : ref,
    };
  });
}

/**
 * The compliance page's filters: search, owner, system, namespace,
 * cluster, level, and a criterion with the status it must have.
 *
 * @internal
 */
export function ComplianceFilters(props: {
  view: ComplianceView;
  onViewChange(changes: Partial<ComplianceView>): void;
}) {
  const { view, onViewChange } = props;
  const classes = useStyles();
  const { value: relations } = useRelationOptions();
  // A shared URL may say `online-boutique`; the options are full refs.
  const owner =
    view.owner && (fullEntityRef(view.owner, 'group') ?? view.owner);
  const system =
    view.system && (fullEntityRef(view.system, 'system') ?? view.system);

  return (
    <div className={classes.root} role="search" aria-label="Filters">
      <TypedFilter
        label="Search"
        value={view.q}
        onCommit={q => onViewChange({ q })}
        className={classes.search}
        icon={<SearchIcon fontSize="small" />}
      />
      <SelectFilter
        label="Owner"
        anyLabel="Any owner"
        value={owner}
        options={relationOptions(relations?.owners, owner, 'group')}
        onChange={value => onViewChange({ owner: value })}
      />
      <SelectFilter
        label="System"
        anyLabel="Any system"
        value={system}
        options={relationOptions(relations?.systems, system, 'system')}
        onChange={value => onViewChange({ system: value })}
      />
      <TypedFilter
        label="Namespace"
        value={view.namespace}
        onCommit={namespace => onViewChange({ namespace })}
      />
      <TypedFilter
        label="Cluster"
        value={view.cluster}
        onCommit={cluster => onViewChange({ cluster })}
      />
      <SelectFilter
        label="Level"
        anyLabel="Any level"
        value={view.level}
        options={LEVELS.map(level => ({ value: level, label: level }))}
        onChange={level => onViewChange({ level: level as MeshLevelName })}
      />
      <SelectFilter
        label="Criterion"
        anyLabel="Any criterion"
        value={view.criterion?.id}
        options={CRITERION_IDS.map(id => ({
          value: id,
          label: criterionTitle(id),
        }))}
        onChange={id =>
          onViewChange({
            criterion: id
              ? {
                  id: id as CriterionId,
                  status: view.criterion?.status ?? 'fail',
                }
              : undefined,
          })
        }
      />
      <SelectFilter
        label="Status"
        value={view.criterion?.status ?? 'fail'}
        disabled={!view.criterion}
        options={STATUSES.map(status => ({ value: status, label: status }))}
        onChange={status =>
          view.criterion &&
          onViewChange({
            criterion: {
              id: view.criterion.id,
              status: status as CriterionStatus,
            },
          })
        }
      />
      {isFiltered(view) && (
        <Button onClick={() => onViewChange(NO_FILTERS)}>Clear filters</Button>
      )}
    </div>
  );
}
