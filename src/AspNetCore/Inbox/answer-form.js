// Answer forms (InterruptInfo.answer): the controls an interrupt declares, the answer they build, and the
// check of that answer against the form's JSON schema before anything is sent. The schema check covers
// what a person can get wrong in these fields (type, required, const and enum, lengths, ranges, pattern,
// extra properties, anyOf and oneOf); formats such as "email" are left to the host, whose refusal the
// page shows beside the interrupt.
'use strict';

const AnswerForms = (() => {
  const is = {
    string: (v) => typeof v === 'string',
    number: (v) => typeof v === 'number' && Number.isFinite(v),
    integer: (v) => Number.isInteger(v),
    boolean: (v) => typeof v === 'boolean',
    object: (v) => v !== null && typeof v === 'object' && !Array.isArray(v),
    array: (v) => Array.isArray(v),
    null: (v) => v === null,
  };

  const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

  function check(schema, v, where, errors) {
    if (schema === undefined || schema === null || schema === true) return errors;
    if (schema === false) { errors.push(`${where}: not allowed`); return errors; }
    if ('const' in schema && !same(v, schema.const)) errors.push(`${where}: must be ${JSON.stringify(schema.const)}`);
    if (schema.enum && !schema.enum.some((e) => same(e, v))) errors.push(`${where}: must be one of ${schema.enum.map((e) => JSON.stringify(e)).join(', ')}`);
    if (schema.type) {
      const types = [].concat(schema.type);
      if (!types.some((t) => is[t] && is[t](v))) { errors.push(`${where}: must be ${types.join(' or ')}`); return errors; }
    }
    if (is.string(v)) {
      if (schema.minLength !== undefined && v.length < schema.minLength) errors.push(schema.minLength === 1 ? `${where}: is required` : `${where}: needs at least ${schema.minLength} characters`);
      if (schema.maxLength !== undefined && v.length > schema.maxLength) errors.push(`${where}: takes at most ${schema.maxLength} characters`);
      if (schema.pattern && !new RegExp(schema.pattern, 'u').test(v)) errors.push(`${where}: does not match ${schema.pattern}`);
    }
    if (is.number(v)) {
      if (schema.minimum !== undefined && v < schema.minimum) errors.push(`${where}: must be at least ${schema.minimum}`);
      if (schema.maximum !== undefined && v > schema.maximum) errors.push(`${where}: must be at most ${schema.maximum}`);
    }
    if (is.object(v)) {
      const properties = schema.properties || {};
      (schema.required || []).filter((k) => !(k in v)).forEach((k) => errors.push(`${where}: needs ${k}`));
      Object.keys(v).forEach((k) => {
        if (k in properties) check(properties[k], v[k], title(properties[k], k), errors);
        else if (schema.additionalProperties === false) errors.push(`${where}: does not take ${k}`);
      });
    }
    if (is.array(v) && schema.items) v.forEach((item, i) => check(schema.items, item, `${where}[${i}]`, errors));
    if (schema.anyOf && !schema.anyOf.some((s) => check(s, v, where, []).length === 0)) errors.push(`${where}: matches none of the allowed shapes`);
    if (schema.oneOf && schema.oneOf.filter((s) => check(s, v, where, []).length === 0).length !== 1) errors.push(`${where}: must match exactly one allowed shape`);
    return errors;
  }

  function title(schema, fallback) { return (schema && schema.title) || fallback; }

  function typeOf(schema) { return [].concat(schema.type || []).find((t) => t !== 'null'); }

  // A field (or group of fields) for `schema`, starting at `initial`: {el, read}. A const part has no field.
  function field(schema, initial, path, label, required) {
    if (schema && 'const' in schema) return { el: null, read: () => schema.const };
    const type = schema ? typeOf(schema) : undefined;
    if (type === 'object' && schema.properties) {
      const group = document.createElement('fieldset');
      group.className = 'fields';
      group.dataset.field = path;
      const parts = Object.entries(schema.properties).map(([key, sub]) => {
        const part = field(sub, initial ? initial[key] : undefined, `${path}/${key}`, title(sub, key), (schema.required || []).includes(key));
        if (part.el) group.append(part.el);
        return [key, part];
      });
      return {
        el: group.childElementCount ? group : null,
        read: () => {
          const value = {};
          parts.forEach(([key, part]) => {
            const v = part.read();
            if (v !== undefined) value[key] = v;
          });
          return value;
        },
      };
    }
    const wrapper = document.createElement('label');
    wrapper.className = 'field';
    wrapper.dataset.field = path;
    wrapper.append(document.createTextNode(label + (required ? '' : ' ')));
    let input;
    let read;
    const start = initial !== undefined ? initial : schema ? schema.default : undefined;
    if (schema && schema.enum) {
      input = document.createElement('select');
      schema.enum.forEach((option) => input.append(new Option(String(option), JSON.stringify(option))));
      if (start !== undefined) input.value = JSON.stringify(start);
      read = () => JSON.parse(input.value);
    } else if (type === 'boolean') {
      input = document.createElement('input');
      input.type = 'checkbox';
      input.checked = start === true;
      read = () => input.checked;
    } else if (type === 'integer' || type === 'number') {
      input = document.createElement('input');
      input.type = 'number';
      if (type === 'integer') input.step = '1';
      if (start !== undefined && start !== null) input.value = String(start);
      read = () => (input.value.trim() === '' ? (required ? input.value : undefined) : Number(input.value));
    } else if (type === 'string') {
      input = document.createElement(schema['x-multiline'] ? 'textarea' : 'input');
      if (input.tagName === 'TEXTAREA') input.rows = 4;
      input.value = start === undefined || start === null ? '' : String(start);
      read = () => (input.value === '' && !required ? undefined : input.value);
    } else {
      // No type to build a control from: the value as JSON.
      input = document.createElement('textarea');
      input.rows = 3;
      input.className = 'json';
      input.value = start === undefined ? '' : JSON.stringify(start, null, 2);
      read = () => { try { return JSON.parse(input.value); } catch { return input.value; } };
    }
    input.name = path;
    wrapper.append(input);
    return { el: wrapper, read };
  }

  // Renders `form` into `container`; `send(value, verb, schemas)` sends an answer the schemas accept.
  function render(container, form, send, refuse) {
    const submit = (schemas, read, verb) => {
      const value = read();
      const errors = schemas.filter(Boolean).flatMap((s) => check(s, value, 'The answer', []));
      if (errors.length) refuse(`Not sent: ${[...new Set(errors)].join('; ')}.`);
      else send(value === undefined ? null : value, verb);
    };
    const buttons = document.createElement('div');
    buttons.className = 'actions';
    container.append(buttons);
    const actions = form.actions || [];
    if (!actions.length) {
      const fields = field(form.schema, form.value, '', title(form.schema, 'Answer'), true);
      if (fields.el) container.insertBefore(fields.el, buttons);
      buttons.append(button('send', 'Send', 'answer'));
      buttons.lastChild.addEventListener('click', () => submit([form.schema], fields.read, 'Answered'));
      return;
    }
    actions.forEach((action) => {
      const open = button(`action ${action.name}`, action.label, undefined, action.name);
      buttons.append(open);
      const fields = action.schema ? field(action.schema, action.value, '', action.label, true) : null;
      const read = () => (fields ? fields.read() : action.value);
      const verb = action.label;
      if (!fields || !fields.el) {
        open.addEventListener('click', () => submit([action.schema, form.schema], read, verb));
        return;
      }
      // An action with something to fill in opens its fields first; its own send button answers.
      const panel = document.createElement('div');
      panel.className = 'action-panel';
      panel.dataset.action = action.name;
      panel.hidden = true;
      const go = button('send', `Send: ${action.label}`, action.name);
      go.addEventListener('click', () => submit([action.schema, form.schema], read, verb));
      panel.append(fields.el, go);
      container.append(panel);
      open.addEventListener('click', () => {
        container.querySelectorAll('.action-panel').forEach((p) => { if (p !== panel) p.hidden = true; });
        panel.hidden = !panel.hidden;
      });
    });
  }

  function button(className, label, sends, action) {
    const b = document.createElement('button');
    b.type = 'button';
    b.className = className;
    b.textContent = label;
    if (sends) b.dataset.send = sends;
    if (action) b.dataset.action = action;
    return b;
  }

  return { render, check };
})();
