import { describe, expect, it } from 'vitest'
import { mapClaims, parseRoleMap, type ClaimMapping } from './claim-mapping'

const mapping: ClaimMapping = {
  roleClaim: 'groups',
  roleMap: { 'Samplan Läsare': 'lasare', 'Samplan Ekonomer': 'ekonom', 'Samplan Admin': 'admin', 'Samplan Chefer': 'omradeschef' },
  omradeClaim: 'omrade',
  usernameClaim: 'preferred_username',
}

describe('claims of the identity provider to a Samplan role and område', () => {
  it('[A5] gives the widest mapped role when a person is in several groups, with the område claim', () => {
    const claims = {
      sub: 's1',
      preferred_username: 'eva@stad.se',
      name: 'Eva Ek',
      groups: ['Alla', 'Samplan Läsare', 'Samplan Ekonomer'],
      omrade: 'Område 1',
    }
    expect(mapClaims(claims, mapping)).toEqual({ username: 'eva@stad.se', name: 'Eva Ek', role: 'ekonom', omrade: 'Område 1' })
    expect(mapClaims({ ...claims, groups: 'Samplan Admin' }, mapping).role).toBe('admin')
  })

  it('[A5] maps no role when no group is mapped or no role claim is configured, and falls back to e-mail or subject for the username', () => {
    expect(mapClaims({ sub: 's2', email: 'per@stad.se', groups: ['Alla'] }, mapping)).toEqual({
      username: 'per@stad.se',
      name: 'per@stad.se',
      role: null,
      omrade: null,
    })
    expect(mapClaims({ sub: 's3', groups: ['Samplan Admin'] }, { ...mapping, roleClaim: undefined })).toMatchObject({
      username: 's3',
      role: null,
    })
  })

  it('reads a role map of group=role pairs and names a bad pair', () => {
    expect(parseRoleMap('Samplan Admin=admin, Ekonomer = ekonom')).toEqual({
      ok: true,
      value: { 'Samplan Admin': 'admin', Ekonomer: 'ekonom' },
    })
    expect(parseRoleMap('')).toEqual({ ok: true, value: {} })
    expect(parseRoleMap('Chefer=boss')).toMatchObject({ ok: false, error: expect.stringMatching(/"Chefer=boss" is not group=role/) })
  })
})
